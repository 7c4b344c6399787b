import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { isExecutionId, OutboxFolder, parcelDueAt, type Parcel } from '../../../nodes/core/delivery/outbox';

const recipe = {
	url: 'https://receiver.example/hook',
	bodyBase64: Buffer.from('{"a":1}').toString('base64'),
	eventId: 'evt_1',
	timeoutMs: 10_000,
	signing: { method: 'none' as const },
	headers: { 'Content-Type': 'application/json' },
};
const waiting = (dueAt: number) => ({
	waiting: true as const,
	eventId: 'evt_1',
	url: recipe.url,
	status: 503,
	responseBody: '',
	attempts: [{ n: 1, status: 503, error: 'HTTP 503', durationMs: 3 }],
	nextAttempt: 2,
	dueAt,
});
const parcel = (executionId: string, ...dues: number[]): Parcel => ({
	version: 1,
	executionId,
	resumeToken: 'token',
	deliveries: [
		{
			itemIndex: 0,
			ended: { delivered: true, eventId: 'e0', url: recipe.url, status: 200, attempts: [], responseBody: 'ok' },
		},
		...dues.map((dueAt, i) => ({
			itemIndex: i + 1,
			waiting: waiting(dueAt),
			recipe,
			policy: { scheduleMs: [1000] },
			allowPrivateNetwork: false,
		})),
	],
});

describe('the outbox folder', () => {
	let folder: string;
	let outbox: OutboxFolder;
	beforeEach(() => {
		folder = path.join(mkdtempSync(path.join(tmpdir(), 'outbox-')), 'outbox');
		outbox = new OutboxFolder(folder);
	});
	afterEach(() => rmSync(path.dirname(folder), { recursive: true, force: true }));

	it('writes, reads, lists and removes parcels, one file each, readable by its owner only', () => {
		expect(outbox.list()).toEqual([]);
		outbox.write(parcel('17', 5000));
		outbox.write(parcel('18', 7000));
		expect(outbox.list().sort()).toEqual(['17', '18']);
		expect(outbox.read('17')).toEqual(parcel('17', 5000));
		expect(statSync(path.join(folder, '17.json')).mode & 0o777).toBe(0o600);
		expect(statSync(folder).mode & 0o777).toBe(0o700);
		outbox.remove('17');
		expect(outbox.list()).toEqual(['18']);
		expect(outbox.read('17')).toBeUndefined();
	});

	it('replaces a parcel whole (no temporary file left), and ignores torn or foreign files', () => {
		outbox.write(parcel('5', 1000));
		outbox.write(parcel('5', 9000));
		expect(parcelDueAt(outbox.read('5')!)).toBe(9000);
		expect(readdirSync(folder)).toEqual(['5.json']);
		writeFileSync(path.join(folder, '6.json'), '{"version":1,"executionId":"6",');
		writeFileSync(path.join(folder, '7.json'), JSON.stringify({ ...parcel('8', 1), executionId: '8' }));
		writeFileSync(path.join(folder, 'notes.txt'), 'x');
		expect(outbox.read('6')).toBeUndefined();
		expect(outbox.read('7')).toBeUndefined();
		expect(outbox.list().sort()).toEqual(['5', '6', '7']);
	});

	it('refuses an execution ID that could leave the folder', () => {
		for (const id of ['../x', 'a/b', '', '..', 'x'.repeat(65), 'a b']) {
			expect(isExecutionId(id)).toBe(false);
			expect(() => outbox.read(id)).not.toThrow();
			expect(() => outbox.remove(id)).toThrow(RangeError);
		}
		expect(isExecutionId('1234')).toBe(true);
	});

	it('is due when its earliest waiting delivery is, and never when all have ended', () => {
		expect(parcelDueAt(parcel('1', 9000, 4000, 6000))).toBe(4000);
		expect(parcelDueAt(parcel('1'))).toBeUndefined();
	});
});
