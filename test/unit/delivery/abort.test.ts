import { getEventListeners } from 'node:events';

import { abortableSleep, abortError, isAbortError } from '../../../nodes/core/delivery/abort';

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
