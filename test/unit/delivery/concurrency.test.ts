import { mapWithConcurrency } from '../../../nodes/core/delivery/concurrency';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('mapWithConcurrency', () => {
	it('keeps the input order whatever order calls finish in', async () => {
		const items = [50, 5, 30, 1, 20, 0, 10];
		const result = await mapWithConcurrency(items, 3, async (ms, index) => {
			await delay(ms);
			return `${index}:${ms}`;
		});
		expect(result).toEqual(items.map((ms, index) => `${index}:${ms}`));
	});

	it('never has more than `limit` calls in flight, and uses the whole limit', async () => {
		let inFlight = 0;
		let peak = 0;
		await mapWithConcurrency(
			Array.from({ length: 20 }, (_, i) => i),
			4,
			async (i) => {
				inFlight++;
				peak = Math.max(peak, inFlight);
				await delay(i % 3);
				inFlight--;
			},
		);
		expect(peak).toBe(4);
	});

	it('limit 1 runs strictly one after the other', async () => {
		const log: string[] = [];
		await mapWithConcurrency(['a', 'b', 'c'], 1, async (item) => {
			log.push(`start ${item}`);
			await delay(1);
			log.push(`end ${item}`);
		});
		expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
	});

	it('handles an empty list and a limit larger than the list', async () => {
		expect(await mapWithConcurrency([], 5, async () => 1)).toEqual([]);
		expect(await mapWithConcurrency([1, 2], 10, async (n) => n * 2)).toEqual([2, 4]);
	});

	it('rejects with the first failure and starts no new calls after it', async () => {
		const started: number[] = [];
		const run = mapWithConcurrency([0, 1, 2, 3, 4, 5], 2, async (i) => {
			started.push(i);
			await delay(5);
			if (i === 1) throw new Error('item 1 failed');
			return i;
		});
		await expect(run).rejects.toThrow('item 1 failed');
		await delay(30);
		expect(started.length).toBeLessThan(6);
	});

	it.each([0, -1, 1.5, Number.NaN])('rejects limit %p', async (limit) => {
		await expect(mapWithConcurrency([1], limit, async (n) => n)).rejects.toThrow(RangeError);
	});
});
