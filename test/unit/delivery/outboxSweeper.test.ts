import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { OutboxFolder, type Parcel } from '../../../nodes/core/delivery/outbox';
import { kickOutcome, OutboxSweeper, type KickAnswer } from '../../../nodes/core/delivery/outboxSweeper';

const parcel = (executionId: string, dueAt: number | undefined): Parcel => ({
	version: 1,
	executionId,
	resumeToken: `token-${executionId}`,
	deliveries:
		dueAt === undefined
			? []
			: [
					{
						itemIndex: 0,
						waiting: {
							waiting: true,
							eventId: 'e',
							url: 'https://r.example/',
							status: 500,
							responseBody: '',
							attempts: [],
							nextAttempt: 2,
							dueAt,
						},
						recipe: {
							url: 'https://r.example/',
							bodyBase64: '',
							eventId: 'e',
							timeoutMs: 1000,
							signing: { method: 'none' },
							headers: {},
						},
						policy: {},
						allowPrivateNetwork: false,
					},
				],
});

describe('kickOutcome', () => {
	it.each<[KickAnswer, string]>([
		[{ status: 200, body: '{"ok":true}' }, 'resumed'],
		[{ status: 409, body: '{"message":"The execution \\"4\\" is running already."}' }, 'later'],
		[{ status: 409, body: '{"message":"The execution \\"4\\" has finished already."}' }, 'gone'],
		[{ status: 409, body: '{"message":"The execution \\"4\\" has finished with error."}' }, 'gone'],
		[{ status: 404, body: '{"message":"The execution \\"4\\" does not exist."}' }, 'gone'],
		[{ status: 404, body: 'Cannot POST /webhook-waiting/4' }, 'later'],
		[{ status: 401, body: '{"error":"Invalid token"}' }, 'later'],
		[{ status: 503, body: '' }, 'later'],
		[{ error: 'connect ECONNREFUSED 127.0.0.1:5678' }, 'later'],
	])('%j → %s', (answer, outcome) => expect(kickOutcome(answer)).toBe(outcome));
});

describe('the outbox sweeper', () => {
	let folder: string;
	let outbox: OutboxFolder;
	let clock: number;
	const calls: string[] = [];
	let answer: (executionId: string) => KickAnswer;
	let sweeper: OutboxSweeper;

	beforeEach(() => {
		folder = mkdtempSync(path.join(tmpdir(), 'sweeper-'));
		outbox = new OutboxFolder(folder);
		clock = 1_000_000;
		calls.length = 0;
		answer = () => ({ status: 200, body: '' });
		sweeper = new OutboxSweeper(
			outbox,
			async (executionId, token) => {
				calls.push(`${executionId}:${token}`);
				return answer(executionId);
			},
			{ now: () => clock, retryMs: 5000, maxInFlight: 2, tickMs: 60_000 },
		);
	});
	afterEach(() => {
		sweeper.stop();
		rmSync(folder, { recursive: true, force: true });
	});

	it('picks up what waited before a restart and resumes each execution once it is due, with its token', async () => {
		outbox.write(parcel('1', clock + 1000));
		outbox.write(parcel('2', clock + 3000));
		sweeper.load();
		expect(sweeper.waiting).toBe(2);
		await sweeper.tick();
		expect(calls).toEqual([]);
		clock += 1000;
		// The node ended the delivery during the resume: its parcel is gone, so nothing is asked again.
		answer = (id) => (outbox.remove(id), { status: 200, body: '' });
		await sweeper.tick();
		expect(calls).toEqual(['1:token-1']);
		expect(sweeper.waiting).toBe(1);
	});

	it('after a resume that leaves the delivery waiting, asks again when the parcel says', async () => {
		outbox.write(parcel('3', clock));
		sweeper.load();
		answer = (id) => (outbox.write(parcel(id, clock + 7000)), { status: 200, body: '' });
		await sweeper.tick();
		clock += 6999;
		await sweeper.tick();
		expect(calls).toHaveLength(1);
		clock += 1;
		await sweeper.tick();
		expect(calls).toHaveLength(2);
	});

	it('drops the parcel of an execution that can never resume (stopped, finished, deleted)', async () => {
		outbox.write(parcel('4', clock));
		sweeper.load();
		answer = () => ({ status: 409, body: 'The execution "4" has finished with error.' });
		await sweeper.tick();
		expect(outbox.list()).toEqual([]);
		expect(sweeper.waiting).toBe(0);
	});

	it('asks again after retryMs while n8n is starting or the execution is running', async () => {
		outbox.write(parcel('5', clock));
		sweeper.load();
		answer = () => ({ error: 'connect ECONNREFUSED' });
		await sweeper.tick();
		clock += 4999;
		await sweeper.tick();
		expect(calls).toHaveLength(1);
		clock += 1;
		answer = () => ({ status: 409, body: 'The execution "5" is running already.' });
		await sweeper.tick();
		expect(calls).toHaveLength(2);
		expect(outbox.list()).toEqual(['5']);
	});

	it('resumes at most maxInFlight executions at once', async () => {
		for (const id of ['6', '7', '8', '9']) outbox.write(parcel(id, clock));
		sweeper.load();
		let inFlight = 0;
		let peak = 0;
		const slow = new OutboxSweeper(
			outbox,
			async () => {
				peak = Math.max(peak, ++inFlight);
				await new Promise((resolve) => setTimeout(resolve, 5));
				inFlight--;
				return { status: 200, body: '' };
			},
			{ now: () => clock, maxInFlight: 2, tickMs: 60_000 },
		);
		slow.load();
		await slow.tick();
		slow.stop();
		expect(peak).toBe(2);
	});
});
