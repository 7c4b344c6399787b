import { createHmac, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import * as http from 'node:http';

import Stripe from 'stripe';

import { SignatureReceiver, verifiers } from '../support/signatureReceiver';
import { loadExample, patchNodes } from './fixtures/examples';
import type { StoredExecution } from './support/n8nInstance';
import { N8nInstance } from './support/n8nInstance';
import { until } from './support/until';

const SECRETS = {
	psa: `psa-${randomBytes(16).toString('hex')}`,
	hookToken: `m365_hook_${randomBytes(12).toString('hex')}`,
	github: `gh-${randomBytes(16).toString('hex')}`,
	stripe: `whsec_${randomBytes(24).toString('base64')}`,
	slack: `slack-${randomBytes(16).toString('hex')}`,
	halo: `halo-${randomBytes(12).toString('hex')}`,
	callerToken: `caller-${randomBytes(16).toString('hex')}`,
	responderToken: `responder-${randomBytes(16).toString('hex')}`,
	callback: `whsec_${randomBytes(24).toString('base64')}`,
};
const CONTOSO_HALO_USER = 'halo-webhooks';
/** Discord's application key pair: its raw public key, in hex as the Developer Portal shows it, goes into the
 * imported credential; the private key signs as Discord does. A public key is no secret. */
const discordKeys = generateKeyPairSync('ed25519');
const DISCORD_PUBLIC_HEX = Buffer.from(discordKeys.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('hex');
const nowSeconds = () => Math.floor(Date.now() / 1000);
const CONTOSO = '0f8fad5b-d9cb-469f-a165-70867728950e';

/** The Manage365 example request body, byte for byte. */
const MANAGE365_BODY =
	'{"title":"Server down","description":"SRV-01 is not responding to ping","severity":"critical","category":"system","customerTenantDomain":"contoso.com","dedupeKey":"srv-01-down","metadata":{"source":"PRTG"}}';

type PsaEvent = {
	eventType: string;
	eventId: string;
	TicketId: string;
	entityId: string;
	Details?: string;
	Description?: string;
};
const eventsOf = (receiver: SignatureReceiver) =>
	receiver.requests.map((request) => ({
		...(JSON.parse(request.body.toString('utf8')) as PsaEvent),
		verified: request.verified,
	}));

/** The monitored server of the detector: down (nothing listens) until brought up, and down again after. */
class MonitoredServer {
	private server?: http.Server;

	constructor(readonly port: number) {}

	get url() {
		return `http://127.0.0.1:${this.port}/health`;
	}

	async up() {
		this.server = http.createServer((_req, res) =>
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'),
		);
		await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
	}

	async down() {
		this.server?.closeAllConnections();
		await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
		this.server = undefined;
	}
}

describe('the examples in a real n8n', () => {
	let n8n: N8nInstance;
	let intakePsa: SignatureReceiver;
	let detectorPsa: SignatureReceiver;
	let chat: SignatureReceiver;
	let monitored: MonitoredServer;
	let escalationPsa: SignatureReceiver;
	let escalationChat: SignatureReceiver;
	let escalated: MonitoredServer;
	let callerStatus: SignatureReceiver;
	let oncallChat: SignatureReceiver;

	const post = (path: string, body: string, headers: Record<string, string>) =>
		fetch(`${n8n.baseUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body,
		});
	const executionsOf = (workflowId: string): StoredExecution[] =>
		n8n.executions().filter((e) => e.workflowId === workflowId && e.status !== 'running' && e.status !== 'new');
	const outputs = (execution: StoredExecution, node: string) =>
		execution.data!.resultData.runData[node]?.[0]?.data?.main ?? [];

	beforeAll(async () => {
		intakePsa = await SignatureReceiver.start(verifiers.mspManager(SECRETS.psa));
		detectorPsa = await SignatureReceiver.start(verifiers.mspManager(SECRETS.psa));
		chat = await SignatureReceiver.start(verifiers.unsigned());
		escalationPsa = await SignatureReceiver.start(verifiers.mspManager(SECRETS.psa));
		escalationChat = await SignatureReceiver.start(verifiers.unsigned());
		callerStatus = await SignatureReceiver.start(verifiers.standardWebhooks(SECRETS.callback));
		oncallChat = await SignatureReceiver.start(verifiers.unsigned());
		const freeMonitoredServer = async () => {
			const probe = http.createServer();
			await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
			const server = new MonitoredServer((probe.address() as { port: number }).port);
			await new Promise((resolve) => probe.close(resolve));
			return server;
		};
		monitored = await freeMonitoredServer();
		escalated = await freeMonitoredServer();

		const toLocalPsa = (receiver: SignatureReceiver) => (node: { type: string }) =>
			node.type === 'n8n-nodes-hookline.hooklinePsaEvent'
				? { url: receiver.url('/psa'), allowPrivateNetwork: true, maxAttempts: 3, options: { retryDelayMs: 50 } }
				: undefined;
		const detector = patchNodes(loadExample('server-down-detector.json'), (node) => {
			if (node.type === 'n8n-nodes-base.scheduleTrigger')
				return { rule: { interval: [{ field: 'seconds', secondsInterval: 2 }] } };
			if (node.type === 'n8n-nodes-base.httpRequest') return { url: monitored.url, options: { timeout: 2000 } };
			return toLocalPsa(detectorPsa)(node);
		});
		// The escalation example: checks every 2 s, polls every 10 s (six minute crons with a fixed second each,
		// as n8n refuses a poll time under a minute), and pages after 1 minute instead of 15.
		const escalation = patchNodes(loadExample('server-down-escalation.json'), (node) => {
			if (node.type === 'n8n-nodes-base.scheduleTrigger')
				return { rule: { interval: [{ field: 'seconds', secondsInterval: 2 }] } };
			if (node.name === 'Check srv-01') return { url: escalated.url, options: { timeout: 2000 } };
			if (node.name === 'Tell the NOC channel') return { url: escalationChat.url('/noc') };
			if (node.name === 'Page the on-call engineer') return { url: escalationChat.url('/page') };
			if (node.type === 'n8n-nodes-hookline.hooklineEscalationTrigger') {
				const seconds = [0, 10, 20, 30, 40, 50];
				return {
					pollTimes: { item: seconds.map((s) => ({ mode: 'custom', cronExpression: `${s} * * * * *` })) },
					levels: { level: [{ name: 'L2', afterMinutes: 1, severities: ['critical'] }] },
				};
			}
			return toLocalPsa(escalationPsa)(node);
		});
		n8n = await N8nInstance.create({
			secrets: Object.values(SECRETS),
			workflows: [
				loadExample('verified-inbound.json'),
				patchNodes(loadExample('manage365-alert-intake.json'), toLocalPsa(intakePsa)),
				detector,
				escalation,
				patchNodes(loadExample('slack-events.json'), (node) =>
					node.type === 'n8n-nodes-base.httpRequest' ? { url: chat.url('/chat') } : undefined,
				),
				loadExample('discord-interactions.json'),
				loadExample('halopsa-ticket.json'),
				patchNodes(loadExample('alert-status-callbacks.json'), (node) => {
					if (node.type === 'n8n-nodes-base.httpRequest') return { url: oncallChat.url('/page') };
					// The caller's callback URL comes from the alert; here it is a local receiver.
					if (node.type === 'n8n-nodes-hookline.hooklineSend') return { allowPrivateNetwork: true };
					return undefined;
				}),
			],
			credentials: [
				{
					id: 'HooklineExPsaSecret',
					name: 'PSA webhook secret',
					type: 'hooklineSecretApi',
					data: { secret: SECRETS.psa },
				},
				{
					id: 'HooklineExHookToken',
					name: 'Alert hook token',
					type: 'hooklineSecretApi',
					data: { secret: SECRETS.hookToken },
				},
				{
					id: 'HooklineExGitHub',
					name: 'GitHub webhook secret',
					type: 'hooklineSecretApi',
					data: { secret: SECRETS.github },
				},
				{
					id: 'HooklineExStripe',
					name: 'Stripe endpoint secret',
					type: 'hooklineSecretApi',
					data: { secret: SECRETS.stripe },
				},
				{
					id: 'HooklineExSlack',
					name: 'Slack signing secret',
					type: 'hooklineSecretApi',
					data: { secret: SECRETS.slack },
				},
				{
					id: 'HooklineExDiscordKey',
					name: 'Discord application public key',
					type: 'hooklinePublicKeyApi',
					data: { publicKey: DISCORD_PUBLIC_HEX },
				},
				{
					id: 'HooklineExHaloBasic',
					name: 'HaloPSA webhook user',
					type: 'httpBasicAuth',
					data: { user: CONTOSO_HALO_USER, password: SECRETS.halo },
				},
				{
					id: 'HooklineExCallerToken',
					name: 'Caller alert token',
					type: 'hooklineSecretApi',
					data: { secret: SECRETS.callerToken },
				},
				{
					id: 'HooklineExResponderToken',
					name: 'Responder token',
					type: 'hooklineSecretApi',
					data: { secret: SECRETS.responderToken },
				},
				{
					id: 'HooklineExCallbackSecret',
					name: 'Caller callback secret',
					type: 'hooklineSecretApi',
					data: { secret: SECRETS.callback },
				},
			],
		});
	}, 600_000);

	afterAll(async () => {
		await monitored?.down();
		await escalated?.down();
		await escalationPsa?.close();
		await escalationChat?.close();
		await callerStatus?.close();
		await oncallChat?.close();
		await n8n?.dispose();
		await intakePsa?.close();
		await detectorPsa?.close();
		await chat?.close();
	});

	it('verified inbound: GitHub and Stripe deliveries are accepted when genuine, once, and refused when forged', async () => {
		const body = '{"action":"opened","issue":{"number":7}}';
		const github = (key: string) => ({
			'x-hub-signature-256': `sha256=${createHmac('sha256', key).update(body).digest('hex')}`,
			'x-github-delivery': 'd6c7c4a0-0001',
		});
		expect((await post('github', body, github(SECRETS.github))).status).toBe(202);
		expect((await post('github', body, github(SECRETS.github))).status).toBe(200);
		expect((await post('github', body, github('forged'))).status).toBe(401);

		const event = JSON.stringify({
			id: 'evt_1',
			type: 'invoice.paid',
			data: { object: { amount: 4200, customer: 'cus_1' } },
		});
		const stripeHeader = (timestamp: number) => ({
			'stripe-signature': new Stripe('sk_test_e2e').webhooks.generateTestHeaderString({
				payload: event,
				secret: SECRETS.stripe,
				timestamp,
			}),
		});
		const now = Math.floor(Date.now() / 1000);
		expect((await post('stripe', event, stripeHeader(now - 3600))).status).toBe(401);
		expect((await post('stripe', event, stripeHeader(now))).status).toBe(202);
		expect((await post('stripe', event, stripeHeader(now))).status).toBe(200);

		const [githubRun, stripeRun] = await until('two verified-inbound executions', () => {
			const runs = executionsOf('HooklineExVerifiedIn');
			return runs.length >= 2 && runs;
		});
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(executionsOf('HooklineExVerifiedIn')).toHaveLength(2);
		expect(outputs(githubRun, 'Handle GitHub event')[0]![0].json).toMatchObject({ idempotencyKey: 'd6c7c4a0-0001' });
		expect(outputs(stripeRun, 'Handle Stripe event')[0]![0].json).toMatchObject({
			idempotencyKey: 'evt_1',
			mapped: { event: 'invoice.paid', amount: 4200, customer: 'cus_1' },
		});
	});

	it('alert intake: the Manage365 curl body opens one alert and one signed PSA ticket; a repeat adds a note', async () => {
		const auth = { authorization: `Bearer ${SECRETS.hookToken}` };
		const first = await post('alerts', MANAGE365_BODY, auth);
		expect(first.status).toBe(202);
		const { alertId } = (await first.json()) as { alertId: string };
		expect(alertId).toEqual(expect.any(String));
		// The two executions run concurrently; the repeat waits for the ticket so the PSA sees them in order.
		await until('the first PSA event', () => intakePsa.requests.length >= 1);
		const again = await post('alerts', MANAGE365_BODY, auth);
		expect(again.status).toBe(202);
		expect(await again.json()).toEqual({ ok: true, alertId });

		expect((await post('alerts', MANAGE365_BODY, { authorization: 'Bearer m365_hook_guess' })).status).toBe(401);
		expect((await post('alerts', MANAGE365_BODY.replace('contoso.com', 'unknown.example'), auth)).status).toBe(400);
		expect((await post('alerts', MANAGE365_BODY.replace('"title":"Server down",', ''), auth)).status).toBe(400);

		await until('two PSA events', () => intakePsa.requests.length >= 2);
		const events = eventsOf(intakePsa);
		expect(events.map((e) => [e.eventType, e.TicketId, e.verified])).toEqual([
			['ticket.created', alertId, true],
			['ticket.note.added', alertId, true],
		]);
		expect(events[0].Details).toBe('[critical] Server down: SRV-01 is not responding to ping');
		expect(events[1]).toMatchObject({ entityId: `${alertId}-2`, Description: expect.stringContaining('2 times') });

		const runs = await until('two alert executions', () => {
			const found = executionsOf('HooklineExAlertIntake');
			return found.length >= 2 && found;
		});
		expect(runs).toHaveLength(2);
		expect(runs.map((run) => run.customData)).toEqual([
			{ alertId, hooklineOutcome: 'new' },
			{ alertId, hooklineOutcome: 'repeated' },
		]);
		const alert = outputs(runs[0], 'Alert intake')[0]![0].json;
		expect(alert).toMatchObject({
			alertId,
			customerTenantId: CONTOSO,
			occurrences: 1,
			isNew: true,
			hookHealth: { successCount: 1 },
		});
		const delivered = outputs(runs[0], 'Open PSA ticket')[0]![0].json;
		expect(delivered).toMatchObject({ delivered: true, status: 200, attempts: [{ n: 1, status: 200 }] });
	});

	it('a failing PSA receiver is retried with one event id and the delivery ends in Failed with its attempts', async () => {
		intakePsa.reset(() => ({ status: 503, body: 'maintenance' }));
		const body = MANAGE365_BODY.replace('srv-01-down', 'srv-02-down');
		expect((await post('alerts', body, { authorization: `Bearer ${SECRETS.hookToken}` })).status).toBe(202);

		const run = await until('the failed delivery', () =>
			executionsOf('HooklineExAlertIntake').find((e) => outputs(e, 'Open PSA ticket')[1]?.length),
		);
		const failed = outputs(run, 'Open PSA ticket')[1]![0].json as {
			delivered: boolean;
			attempts: Array<{ status: number }>;
		};
		expect(failed).toMatchObject({ delivered: false, status: 503, responseBody: 'maintenance' });
		expect(failed.attempts.map((a) => a.status)).toEqual([503, 503, 503]);
		expect(outputs(run, 'Open PSA ticket')[0] ?? []).toHaveLength(0);
		const events = eventsOf(intakePsa);
		expect(events).toHaveLength(3);
		expect(new Set(events.map((e) => e.eventId)).size).toBe(1);
		expect(events.every((e) => e.verified)).toBe(true);
	});

	it('server-down detector: one alert and one ticket per outage, however often the check fails', async () => {
		const created = () => eventsOf(detectorPsa).filter((e) => e.eventType === 'ticket.created');
		const updated = () => eventsOf(detectorPsa).filter((e) => e.eventType === 'ticket.updated');
		const failedChecks = () =>
			executionsOf('HooklineExServerDown').filter((e) => e.data?.resultData.runData['Raise alert'] !== undefined)
				.length;

		await until('three failed checks', () => failedChecks() >= 3);
		expect(created()).toHaveLength(1);
		const firstTicket = created()[0].TicketId;

		await monitored.up();
		await until('the ticket to be closed', () => updated().length >= 1);
		const healthyChecks = executionsOf('HooklineExServerDown').length;
		await until('two more healthy checks', () => executionsOf('HooklineExServerDown').length >= healthyChecks + 2);
		expect(updated()).toHaveLength(1);
		expect(updated()[0].TicketId).toBe(firstTicket);

		await monitored.down();
		await until('a ticket for the second outage', () => created().length >= 2);
		const failedBefore = failedChecks();
		await until('another failed check', () => failedChecks() > failedBefore);
		expect(created()).toHaveLength(2);
		expect(created()[1].TicketId).not.toBe(firstTicket);
		expect(eventsOf(detectorPsa).every((e) => e.verified)).toBe(true);
	});

	it('server-down escalation: a ticket and a chat message at once, one page a minute later while still down, resolved on recovery', async () => {
		const messages = (path: string) =>
			escalationChat.requests
				.filter((request) => request.path === path)
				.map((request) => (JSON.parse(request.body.toString('utf8')) as { text: string }).text);
		const ofType = (type: string) => eventsOf(escalationPsa).filter((e) => e.eventType === type);

		// Down since n8n started: the first failed check opened the alert, its ticket and its chat message.
		await until('the ticket and the chat message', () => ofType('ticket.created').length >= 1 && messages('/noc')[0]);
		const alertId = ofType('ticket.created')[0].TicketId;
		expect(messages('/noc')).toEqual([`:red_circle: srv-01 is down (alert ${alertId}): ticket opened`]);
		// Nobody acknowledges: a minute after it was first seen, L2 pages, once.
		const [page] = await until('the page', () => messages('/page').length >= 1 && messages('/page'), 120_000);
		expect(page).toMatch(
			new RegExp(
				`^:rotating_light: L2: srv-01 is down is still unacknowledged 1 minutes after it was first seen \\(alert ${alertId}, \\d+ failed checks\\)$`,
			),
		);
		const escalations = await until('the escalation execution', () =>
			executionsOf('HooklineExServerEsc').filter((e) => e.data?.resultData.runData['Still down after 15 minutes']),
		);
		expect(outputs(escalations[0], 'Still down after 15 minutes')[0]![0].json).toMatchObject({
			alertId,
			status: 'open',
			escalation: { level: 'L2', afterMinutes: 1 },
			escalations: [{ level: 'L2', afterMinutes: 1 }],
		});

		await escalated.up();
		await until('the ticket to be closed', () => ofType('ticket.updated').length >= 1);
		expect(ofType('ticket.updated')[0].TicketId).toBe(alertId);
		// Another poll or two: the resolved alert pages no more, and the outage kept one ticket and one message.
		await new Promise((resolve) => setTimeout(resolve, 12_000));
		expect(messages('/page')).toHaveLength(1);
		expect(messages('/noc')).toHaveLength(1);
		expect(ofType('ticket.created')).toHaveLength(1);
		expect(eventsOf(escalationPsa).every((e) => e.verified)).toBe(true);
	});

	it('xMatters-style callbacks: acknowledging and resolving an alert each send one signed status update to the caller', async () => {
		type StatusEvent = {
			type: string;
			data: { alertId: string; status: string; dedupeKey: string; occurrences: number; by: string | null };
		};
		const updates = () =>
			callerStatus.requests.map((request) => ({
				...(JSON.parse(request.body.toString('utf8')) as StatusEvent),
				id: request.headers['webhook-id'],
				verified: request.verified,
			}));
		const respond = (body: Record<string, unknown>, token = SECRETS.responderToken) =>
			post('oncall/responses', JSON.stringify(body), { authorization: `Bearer ${token}` });
		const alert = JSON.stringify({
			title: 'Backup job failed',
			description: 'Nightly backup of FS-02 failed twice',
			severity: 'high',
			customerTenantId: CONTOSO,
			dedupeKey: 'fs-02-backup',
			metadata: { callbackUrl: callerStatus.url('/xm/status'), source: 'backup-monitor' },
		});

		const raised = await post('oncall/alerts', alert, { authorization: `Bearer ${SECRETS.callerToken}` });
		expect(raised.status).toBe(202);
		const { alertId } = (await raised.json()) as { alertId: string };
		const [page] = await until('the page', () => oncallChat.requests.length >= 1 && oncallChat.requests);
		expect(JSON.parse(page.body.toString('utf8'))).toEqual({
			text: `:rotating_light: [high] Backup job failed (alert ${alertId}): reply acknowledge or resolve`,
		});
		expect(callerStatus.requests).toHaveLength(0);

		expect((await respond({ alertId, action: 'acknowledge', by: 'alice' })).status).toBe(202);
		await until('the acknowledged update', () => callerStatus.requests.length >= 1);
		// A double click is a duplicate at the door; a forged token and an unknown action start nothing.
		const again = await respond({ alertId, action: 'acknowledge', by: 'alice' });
		expect(again.status).toBe(200);
		expect(await again.json()).toMatchObject({ ok: true, duplicate: true });
		expect((await respond({ alertId, action: 'acknowledge' }, 'responder-guess')).status).toBe(401);
		const ignored = await respond({ alertId, action: 'escalate' });
		expect(ignored.status).toBe(200);
		expect(await ignored.json()).toEqual({ ok: true, ignored: true });

		expect((await respond({ alertId, action: 'resolve', by: 'bob' })).status).toBe(202);
		await until('the resolved update', () => callerStatus.requests.length >= 2);
		await new Promise((resolve) => setTimeout(resolve, 1500));
		const received = updates();
		expect(received.map(({ type, data, verified }) => ({ type, data, verified }))).toEqual([
			{
				type: 'alert.acknowledged',
				data: { alertId, status: 'acknowledged', dedupeKey: 'fs-02-backup', occurrences: 1, by: 'alice' },
				verified: true,
			},
			{
				type: 'alert.resolved',
				data: { alertId, status: 'resolved', dedupeKey: 'fs-02-backup', occurrences: 1, by: 'bob' },
				verified: true,
			},
		]);
		expect(received.map((update) => update.id)).toEqual([expect.any(String), expect.any(String)]);
		expect(received[0].id).not.toBe(received[1].id);
		expect(callerStatus.requests.every((request) => request.path === '/xm/status')).toBe(true);

		// Each update is recorded as Delivered in the response's execution.
		const responseRuns = executionsOf('HooklineExAlertCallbacks').filter(
			(e) => e.data?.resultData.runData['Status update to the caller'],
		);
		expect(responseRuns).toHaveLength(2);
		for (const run of responseRuns) {
			expect(outputs(run, 'Status update to the caller')[0]![0].json).toMatchObject({ delivered: true, status: 200 });
		}
	});

	it('Slack events: answers the challenge itself, posts one chat message per app_mention, ignores other events and drops retries', async () => {
		const slack = (body: string, secret = SECRETS.slack, at = nowSeconds()) => ({
			'x-slack-request-timestamp': String(at),
			'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${at}:${body}`).digest('hex')}`,
		});
		const check = JSON.stringify({ token: 'x', challenge: 'slack-e2e-challenge', type: 'url_verification' });
		const answer = await post('slack/events', check, slack(check));
		expect(answer.status).toBe(200);
		expect(await answer.json()).toEqual({ challenge: 'slack-e2e-challenge' });

		const callback = (eventId: string, event: Record<string, unknown>) =>
			JSON.stringify({ type: 'event_callback', team_id: 'T1', event_id: eventId, event_time: nowSeconds(), event });
		const mention = callback('Ev0001', { type: 'app_mention', user: 'U123', text: '<@U0BOT> srv-01 is down' });
		const accepted = await post('slack/events', mention, slack(mention));
		expect(accepted.status).toBe(200);
		expect(await accepted.json()).toMatchObject({ ok: true, deliveryId: expect.any(String) });
		// Slack retries a delivery it thinks failed with the same event_id: a duplicate, not a second message.
		const retry = await post('slack/events', mention, { ...slack(mention), 'x-slack-retry-num': '1' });
		expect(retry.status).toBe(200);
		expect(await retry.json()).toMatchObject({ ok: true, duplicate: true });
		const reaction = callback('Ev0002', { type: 'reaction_added', user: 'U123', reaction: 'eyes' });
		const ignored = await post('slack/events', reaction, slack(reaction));
		expect(ignored.status).toBe(200);
		expect(await ignored.json()).toEqual({ ok: true, ignored: true });
		expect((await post('slack/events', mention, slack(mention, 'forged'))).status).toBe(401);
		expect((await post('slack/events', mention, slack(mention, SECRETS.slack, nowSeconds() - 3600))).status).toBe(401);

		const [run] = await until('the app_mention execution', () => {
			const found = executionsOf('HooklineExSlackEvents');
			return found.length >= 1 && found;
		});
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(chat.requests.map((request) => JSON.parse(request.body.toString('utf8')) as unknown)).toEqual([
			{ text: 'Mentioned by <@U123>: <@U0BOT> srv-01 is down' },
		]);
		expect(executionsOf('HooklineExSlackEvents')).toHaveLength(1);
		expect(outputs(run, 'Slack events')[0]![0].json).toMatchObject({ idempotencyKey: 'Ev0001' });
		expect(outputs(run, 'Post to chat')[0]).toHaveLength(1);
	});

	it('Discord interactions: PING answered by the trigger, a command answered by Respond to Webhook (version 1)', async () => {
		const discord = (body: string, at = String(nowSeconds())) => ({
			'x-signature-timestamp': at,
			'x-signature-ed25519': sign(null, Buffer.from(at + body), discordKeys.privateKey).toString('hex'),
		});
		const ping = '{"type":1,"id":"1100000000000000001","application_id":"1100000000000000002"}';
		const pong = await post('discord/interactions', ping, discord(ping));
		expect(pong.status).toBe(200);
		expect(await pong.json()).toEqual({ type: 1 });

		const command = JSON.stringify({
			type: 2,
			id: '1100000000000000003',
			application_id: '1100000000000000002',
			token: 'interaction-token',
			data: { id: '1100000000000000004', name: 'ticket', type: 1 },
			member: { user: { id: '80351110224678912', username: 'tech' } },
		});
		const reply = await post('discord/interactions', command, discord(command));
		expect(reply.status).toBe(200);
		expect(await reply.json()).toEqual({ type: 4, data: { content: 'Hookline received /ticket, working on it.' } });
		const tampered = command.replace('"ticket"', '"tickets"');
		expect((await post('discord/interactions', tampered, discord(command))).status).toBe(401);
		expect((await post('discord/interactions', ping, {})).status).toBe(401);

		const runs = await until('the interaction execution', () => {
			const found = executionsOf('HooklineExDiscord');
			return found.length >= 1 && found;
		});
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(executionsOf('HooklineExDiscord')).toHaveLength(1);
		expect(runs[0].status).toBe('success');
	});

	it('HaloPSA tickets: Basic Auth as Halo sends it raises one alert per ticket, a repeat for its next update', async () => {
		const basic = (password: string, user = CONTOSO_HALO_USER) =>
			`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
		const ticket = (summary: string) =>
			JSON.stringify({
				ticket: { id: 4711, summary, client_name: 'Contoso' },
				action: { id: 1, outcome: 'Ticket Logged' },
			});
		const first = await post('halopsa/tickets', ticket('Printer offline'), { authorization: basic(SECRETS.halo) });
		expect(first.status).toBe(202);
		await until('the first ticket alert', () => executionsOf('HooklineExHaloTicket').length >= 1);
		const update = ticket('Printer offline (toner)');
		expect((await post('halopsa/tickets', update, { authorization: basic(SECRETS.halo) })).status).toBe(202);
		expect((await post('halopsa/tickets', update, { authorization: basic('guess') })).status).toBe(401);
		expect((await post('halopsa/tickets', update, { authorization: basic(SECRETS.halo, 'someone') })).status).toBe(401);
		expect((await post('halopsa/tickets', update, {})).status).toBe(401);

		const runs = await until('two ticket alert executions', () => {
			const found = executionsOf('HooklineExHaloTicket');
			return found.length >= 2 && found;
		});
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(executionsOf('HooklineExHaloTicket')).toHaveLength(2);
		const raised = outputs(runs[0], 'Raise ticket alert')[0]![0].json;
		expect(raised).toMatchObject({
			title: 'HaloPSA ticket 4711: Printer offline',
			description: 'Logged in HaloPSA for Contoso',
			dedupeKey: 'halopsa-ticket-4711',
			occurrences: 1,
			isNew: true,
			metadata: { source: 'HaloPSA', ticketId: '4711' },
		});
		const repeated = outputs(runs[1], 'Raise ticket alert')[1]![0].json;
		expect(repeated).toMatchObject({
			alertId: raised.alertId,
			title: 'HaloPSA ticket 4711: Printer offline (toner)',
			occurrences: 2,
		});
		expect(JSON.stringify(outputs(runs[0], 'HaloPSA webhook')[0]![0].json.headers)).not.toMatch(/authorization/i);
	});

	it('stores none of the secrets in execution data or the log', async () => {
		await n8n.stop();
		const executions = n8n.executions();
		expect(executions.length).toBeGreaterThan(5);
		const log = n8n.log();
		for (const secret of Object.values(SECRETS)) {
			const core = secret.replace(/^(whsec_|m365_hook_)/, '');
			for (const execution of executions) expect(execution.rawData).not.toContain(core);
			expect(log).not.toContain(core);
		}
	});
});
