/** The n8n editor in a real browser: a real n8n (the e2e harness) with one workflow holding all six Hookline
 * nodes, and Debian's Chromium driven by playwright-core, logged in and looking at that workflow. Used by the
 * editor end-to-end test and by `npm run screenshots`. Nothing leaves the machine: every request the page makes
 * to a host other than 127.0.0.1 is aborted. */
import { randomUUID } from 'node:crypto';
import { accessSync, constants } from 'node:fs';

import { chromium, type Browser, type ConsoleMessage, type Locator, type Page } from 'playwright-core';

import { N8nInstance } from './n8nInstance';

export const CHROMIUM = process.env.HOOKLINE_CHROMIUM ?? '/usr/bin/chromium';
export const VIEWPORT = { width: 1440, height: 900 };

/** Why no browser can run here, or undefined when one can. */
export function chromiumMissing(): string | undefined {
	try {
		accessSync(CHROMIUM, constants.X_OK);
		return undefined;
	} catch {
		return `${CHROMIUM} is missing (scripts/ensure-chromium.sh installs Debian's chromium as root)`;
	}
}

export interface ShowcaseNode {
	/** The node type without the package prefix, which is also the screenshot's file name. */
	type: string;
	/** The node's name on the canvas. */
	name: string;
	/** Display names of the parameters its panel must show with the showcase's settings. */
	parameters: string[];
	/** The credential field the panel must show filled in, if the node uses one. */
	credential?: string;
}

const SECRET_CREDENTIAL = 'Hookline webhook secret';

export const SHOWCASE_NODES: ShowcaseNode[] = [
	{
		type: 'hooklineTrigger',
		name: 'Hookline Trigger',
		parameters: ['Path', 'HTTP Method', 'Verification', 'Idempotency', 'Rate Limit (per Minute)', 'Mapping', 'Store'],
		credential: SECRET_CREDENTIAL,
	},
	{
		type: 'hooklineAlert',
		name: 'Hookline Alert',
		parameters: ['Operation', 'Title', 'Description', 'Severity', 'Category', 'Dedupe Key', 'Store'],
	},
	{
		type: 'hooklinePsaEvent',
		name: 'Hookline PSA Event',
		parameters: ['URL', 'Resource', 'Event', 'Ticket ID', 'Details', 'Signature Header', 'Max Attempts'],
		credential: SECRET_CREDENTIAL,
	},
	{
		type: 'hooklineAlertTrigger',
		name: 'Hookline Alert Trigger',
		parameters: ['Path', 'HTTP Method', 'Tenants', 'Namespace', 'Response Code', 'Store'],
		credential: SECRET_CREDENTIAL,
	},
	{
		type: 'hooklineSend',
		name: 'Hookline Send',
		parameters: ['URL', 'Scheme', 'Algorithm', 'Signature Header', 'Event Name', 'Payload Source', 'Max Attempts'],
		credential: SECRET_CREDENTIAL,
	},
	{
		type: 'hooklineVerify',
		name: 'Hookline Verify',
		parameters: ['Verification', 'Raw Body Source', 'Binary Property', 'Headers Field'],
		credential: SECRET_CREDENTIAL,
	},
];

const hookline = (type: string) => `n8n-nodes-hookline.${type}`;

/** Three small flows a user would build, with every required parameter filled so no panel shows an issue:
 * verified inbound webhook → deduplicated alert → PSA ticket; alert endpoint → signed outbound webhook; the
 * stock Webhook (raw body) → Hookline Verify. */
export function showcaseWorkflow(credential: { id: string; name: string }) {
	const secret = { hooklineSecretApi: credential };
	const node = (name: string, type: string, position: [number, number], parameters: Record<string, unknown>) => ({
		id: randomUUID(),
		name,
		type,
		typeVersion: 1,
		position,
		parameters,
	});
	return {
		name: 'Hookline: every node',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				...node('Hookline Trigger', hookline('hooklineTrigger'), [0, 0], {
					path: 'monitoring',
					verification: 'hmac',
					signatureHeader: 'X-Signature',
					idempotency: 'header',
					idempotencyHeader: 'Idempotency-Key',
					rateLimitPerMinute: 600,
				}),
				webhookId: randomUUID(),
				credentials: secret,
			},
			node('Hookline Alert', hookline('hooklineAlert'), [280, 0], {
				operation: 'raise',
				title: '={{ $json.body.title }}',
				description: '={{ $json.body.description }}',
				severity: 'high',
				dedupeKey: '={{ $json.body.deviceId }}',
			}),
			{
				...node('Hookline PSA Event', hookline('hooklinePsaEvent'), [560, -20], {
					url: 'https://psa.example.com/webhooks/hookline',
					resource: 'ticket',
					event: 'created',
					ticketId: '={{ $json.alertId }}',
					details: "={{ '[' + $json.severity + '] ' + $json.title }}",
				}),
				credentials: secret,
			},
			{
				...node('Hookline Alert Trigger', hookline('hooklineAlertTrigger'), [0, 220], {
					path: 'alerts',
					tenants: { tenant: [{ domain: 'contoso.com', id: '0f8fad5b-d9cb-469f-a165-70867728950e' }] },
				}),
				webhookId: randomUUID(),
				credentials: secret,
			},
			{
				...node('Hookline Send', hookline('hooklineSend'), [280, 220], {
					url: 'https://hooks.example.com/alerts',
					scheme: 'hmac',
					signatureHeader: 'X-Signature',
					eventName: 'alert.raised',
					payloadSource: 'item',
				}),
				credentials: secret,
			},
			{
				...node('Webhook', 'n8n-nodes-base.webhook', [0, 440], {
					httpMethod: 'POST',
					path: 'github',
					options: { rawBody: true },
				}),
				typeVersion: 2,
				webhookId: randomUUID(),
			},
			{
				...node('Hookline Verify', hookline('hooklineVerify'), [280, 440], { verification: 'github' }),
				credentials: secret,
			},
		],
		connections: {
			'Hookline Trigger': { main: [[{ node: 'Hookline Alert', type: 'main', index: 0 }]] },
			'Hookline Alert': { main: [[{ node: 'Hookline PSA Event', type: 'main', index: 0 }], []] },
			'Hookline Alert Trigger': { main: [[{ node: 'Hookline Send', type: 'main', index: 0 }], []] },
			Webhook: { main: [[{ node: 'Hookline Verify', type: 'main', index: 0 }]] },
		},
	};
}

/** Console errors and page errors that are n8n's own behaviour, not a problem of this package. Each entry says
 * why it is expected; keep this list short and narrow. */
const KNOWN_NOISE: Array<{ pattern: RegExp; why: string }> = [
	{
		// The sign-in page first asks whether a session exists; signed out, n8n answers 401 and Chromium logs
		// the failed resource.
		pattern:
			/^Failed to load resource: the server responded with a status of 401 \(Unauthorized\) \(http:\/\/127\.0\.0\.1:\d+\/rest\/login\)$/,
		why: 'the signed-out session check on /signin',
	},
	{
		// The route below aborts every request to another host (telemetry, fonts, n8n's public APIs); Chromium
		// logs each aborted resource. None was seen with 2.40.7 and the environment n8nEnv sets.
		pattern: /^Failed to load resource: net::ERR_BLOCKED_BY_CLIENT \(https?:\/\/(?!127\.0\.0\.1[:/])/,
		why: 'requests to hosts other than 127.0.0.1 are blocked on purpose',
	},
];

/** Waits until a locator matches exactly `count` elements. */
async function expectCount(locator: Locator, count: number, timeoutMs = 30_000) {
	const deadline = Date.now() + timeoutMs;
	while ((await locator.count()) !== count) {
		if (Date.now() > deadline) throw new Error(`Expected ${count} of ${locator}, found ${await locator.count()}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

export interface BrowserProblem {
	kind: 'console' | 'pageerror';
	text: string;
}

export class EditorSession {
	/** Console errors and page errors not on the KNOWN_NOISE list, in the order they happened. */
	readonly problems: BrowserProblem[] = [];

	/** Requests to other hosts that were aborted (for information: they never left the machine). */
	readonly blocked: string[] = [];

	private constructor(
		readonly n8n: N8nInstance,
		private readonly browser: Browser,
		readonly page: Page,
		readonly workflowId: string,
	) {}

	/** Starts n8n, creates the credential and the showcase workflow through the REST API, signs a browser in
	 * through the sign-in form and opens the workflow. */
	static async start(): Promise<EditorSession> {
		const secret = `editor-${randomUUID()}`;
		const n8n = await N8nInstance.create({ workflows: [], secrets: [secret] });
		let browser: Browser | undefined;
		try {
			const rest = await n8n.restSession();
			const credential = (await rest('credentials', {
				method: 'POST',
				body: { name: SECRET_CREDENTIAL, type: 'hooklineSecretApi', data: { secret } },
			})) as { id: string; name: string };
			const workflow = (await rest('workflows', {
				method: 'POST',
				body: showcaseWorkflow({ id: credential.id, name: credential.name }),
			})) as { id: string };

			browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
			const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US', timezoneId: 'UTC' });
			const page = await context.newPage();
			const session = new EditorSession(n8n, browser, page, workflow.id);
			await context.route('**/*', (route) => {
				const url = new URL(route.request().url());
				if (url.hostname === '127.0.0.1') return route.continue();
				session.blocked.push(url.href);
				return route.abort('blockedbyclient');
			});
			page.on('console', (message) => session.recordConsole(message));
			page.on('pageerror', (error) => session.record('pageerror', `${error.name}: ${error.message}`));
			await session.signIn();
			await session.openWorkflow();
			return session;
		} catch (error) {
			await browser?.close();
			await n8n.dispose();
			throw error;
		}
	}

	private recordConsole(message: ConsoleMessage) {
		if (message.type() !== 'error') return;
		const location = message.location().url;
		this.record('console', location ? `${message.text()} (${location})` : message.text());
	}

	private record(kind: BrowserProblem['kind'], text: string) {
		if (KNOWN_NOISE.some((noise) => noise.pattern.test(text))) return;
		this.problems.push({ kind, text });
	}

	/** Signs in through n8n's sign-in form, as the owner N8nInstance.restSession() set up. */
	async signIn() {
		const { page } = this;
		await page.goto(`${this.n8n.baseUrl}/signin`);
		await page.locator('[data-test-id="emailOrLdapLoginId"] input').fill(N8nInstance.owner.email);
		await page.locator('[data-test-id="password"] input').fill(N8nInstance.owner.password);
		await page.locator('[data-test-id="form-submit-button"]').click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
	}

	/** Opens the showcase workflow and waits until every node is on the canvas and the view is fitted. */
	async openWorkflow() {
		const { page } = this;
		await page.goto(`${this.n8n.baseUrl}/workflow/${this.workflowId}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor();
		const nodes = showcaseWorkflow({ id: '', name: '' }).nodes.length;
		await expectCount(page.locator('[data-test-id="canvas-node"]'), nodes);
		await this.dismissOverlays();
		await page.locator('[data-test-id="zoom-to-fit"]').click();
		await this.settle();
	}

	/** The canvas node with this name. */
	canvasNode(name: string): Locator {
		return this.page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
	}

	/** The node details view (the node's panel). */
	get ndv(): Locator {
		return this.page.locator('[data-test-id="ndv"]');
	}

	/** Opens a node's panel the way a user does, by double-clicking it on the canvas. */
	async openNode(name: string): Promise<Locator> {
		await this.canvasNode(name).dblclick();
		await this.ndv.waitFor({ state: 'visible' });
		await this.ndv.locator('[data-test-id="node-parameters"]').waitFor({ state: 'visible' });
		await this.settle();
		return this.ndv;
	}

	async closeNode() {
		await this.ndv.locator('[data-test-id="ndv-close-button"]').click();
		await this.ndv.waitFor({ state: 'hidden' });
	}

	/** The labels of the parameters the open panel shows on its Parameters tab, in order. */
	async parameterLabels(): Promise<string[]> {
		const labels = this.ndv.locator('[data-test-id="node-parameters"] [data-test-id="parameter-item"] label');
		const texts: string[] = [];
		for (const label of await labels.all()) {
			if (await label.isVisible()) texts.push((await label.innerText()).split('\n')[0].trim());
		}
		return texts;
	}

	/** The credential the open panel has selected ('' when it shows no credential field). */
	async selectedCredential(): Promise<string> {
		const select = this.ndv.locator('[data-test-id="node-credentials-select"] input');
		return (await select.count()) === 0 ? '' : await select.inputValue();
	}

	/** Issue markers: on canvas nodes, or on the open panel's parameters and credentials. */
	async issueCount(): Promise<number> {
		return await this.page.locator('[data-test-id="node-issues"], [data-test-id="parameter-issues"]').count();
	}

	/** Toasts (n8n shows errors as Element Plus notifications), with their text. */
	async toasts(): Promise<string[]> {
		return await this.page.locator('.el-notification').allInnerTexts();
	}

	/** Closes whatever n8n shows over the canvas on a first visit (announcements, toasts). */
	async dismissOverlays() {
		const { page } = this;
		await page.keyboard.press('Escape');
		for (const close of await page.locator('.el-notification .el-notification__closeBtn').all()) {
			await close.click().catch(() => undefined);
		}
	}

	/** Waits for spinners to go and animations to end, so a screenshot shows what a user sees. */
	async settle() {
		const { page } = this;
		await page
			.locator('.el-loading-mask, [data-test-id="loading"], .n8n-loading')
			.first()
			.waitFor({ state: 'hidden' })
			.catch(() => undefined);
		// A string, not a function: the tests compile without the DOM library.
		await page.evaluate('Promise.all(document.getAnimations().map((animation) => animation.finished))');
		await page.mouse.move(0, VIEWPORT.height - 1);
	}

	async screenshot(file: string) {
		await this.settle();
		await this.page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
	}

	async dispose() {
		await this.browser.close();
		await this.n8n.dispose();
	}
}
