import { getEventListeners } from 'node:events';

import { abortableSleep, abortError, completed, isAbortError, withSignal } from '../../../nodes/core/delivery/abort';

const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('abortableSleep', () => {
	it('waits the given time without a signal', async () => {
		const started = Date.now();
		await abortableSleep(20);
		expect(Date.now() - started).toBeGreaterThanOrEqual(15);
	});

	it('rejects with an AbortError as soon as the signal fires, and clears its timer', async () => {
		const controller = new AbortController();
		const before = timers();
		const sleeping = abortableSleep(3_600_000, controller.signal);
		expect(timers()).toBe(before + 1);
		controller.abort();
		await expect(sleeping).rejects.toMatchObject({ name: 'AbortError', code: 'ABORT_ERR' });
		expect(timers()).toBe(before);
	});

	it('rejects at once when the signal has already fired', async () => {
		await expect(abortableSleep(3_600_000, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
	});

	it('leaves no listener on the signal once it has waited', async () => {
		const controller = new AbortController();
		await abortableSleep(5, controller.signal);
		expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
	});
});

describe('isAbortError', () => {
	it("recognises node's AbortErrors and ours, nothing else", () => {
		expect(isAbortError(abortError())).toBe(true);
		expect(isAbortError(new DOMException('This operation was aborted', 'AbortError'))).toBe(true);
		expect(isAbortError(Object.assign(new Error('x'), { code: 'ABORT_ERR' }))).toBe(true);
		expect(isAbortError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(false);
		expect(isAbortError('AbortError')).toBe(false);
		expect(isAbortError(null)).toBe(false);
	});
});

describe('withSignal', () => {
	const request = {
		url: 'https://r.example/',
		method: 'POST' as const,
		headers: {},
		body: Buffer.alloc(0),
		timeoutMs: 1,
	};

	it("gives every request the caller's signal, combined with one the request already has", async () => {
		const seen: Array<AbortSignal | undefined> = [];
		const http = withSignal(async (sent) => {
			seen.push(sent.signal);
			return { status: 200, headers: {}, body: Buffer.alloc(0) };
		}, AbortSignal.abort());
		await http(request);
		const own = new AbortController();
		await http({ ...request, signal: own.signal });
		expect(seen[0]?.aborted).toBe(true);
		expect(seen[1]?.aborted).toBe(true);
	});

	it('leaves the function as it is without a signal', () => {
		const http = async () => ({ status: 200, headers: {}, body: Buffer.alloc(0) });
		expect(withSignal(http, undefined)).toBe(http);
	});
});

describe('completed', () => {
	it('tells a finished wait from a cancelled one and passes other failures on', async () => {
		expect(await completed(Promise.resolve())).toBe(true);
		expect(await completed(Promise.reject(abortError()))).toBe(false);
		await expect(completed(Promise.reject(new TypeError('bad')))).rejects.toThrow(TypeError);
	});
});
