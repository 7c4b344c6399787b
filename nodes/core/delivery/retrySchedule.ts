/** The `retrySchedule` setting: the waits between attempts, written as senders publish them (OneManage:
 * "1m, 5m, 15m, 1h, 1h"). Attempts in total are the delays plus one. */

export type RetrySchedule = { ok: true; delaysMs: number[] } | { ok: false; message: string };

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DELAY = /^(\d+(?:\.\d+)?)(s|m|h|d)$/;
/** Past this many retries a schedule is a mistake (a loop, a paste), not a policy. */
export const MAX_SCHEDULED_RETRIES = 50;
/** One wait longer than a week outlives what the stores remember of a delivery. */
export const MAX_SCHEDULED_DELAY_MS = 7 * UNIT_MS.d;
const EXAMPLE = 'e.g. 1m, 5m, 15m, 1h, 1h (units s, m, h, d)';

/** Parses a comma- or space-separated list of delays; an empty text is no schedule (the exponential policy
 * applies). Every problem names the offending entry, so the message says what to change; messages read after
 * "The Retry Schedule parameter …". */
export function parseRetrySchedule(text: unknown): RetrySchedule | undefined {
	if (text === undefined || text === null) return undefined;
	if (typeof text !== 'string') return { ok: false, message: `must be text, ${EXAMPLE}` };
	const entries = text
		.split(/[\s,]+/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
	if (entries.length === 0) return undefined;
	if (entries.length > MAX_SCHEDULED_RETRIES) {
		return { ok: false, message: `has ${entries.length} delays; at most ${MAX_SCHEDULED_RETRIES} are allowed` };
	}
	const delaysMs: number[] = [];
	for (const entry of entries) {
		const match = DELAY.exec(entry.toLowerCase());
		if (!match)
			return {
				ok: false,
				message: `has "${shorten(entry)}", which is not a delay: write a number and a unit, ${EXAMPLE}`,
			};
		const ms = Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
		if (ms <= 0)
			return { ok: false, message: `has "${entry}", which is no wait: every delay must be longer than zero` };
		if (ms > MAX_SCHEDULED_DELAY_MS) return { ok: false, message: `has "${entry}", longer than the 7 days allowed` };
		delaysMs.push(ms);
	}
	return { ok: true, delaysMs };
}

/** A delay as the schedule would write it, for messages: 90000 → "1m 30s". */
export function formatDelay(ms: number): string {
	const parts: string[] = [];
	let rest = Math.round(ms);
	for (const [unit, size] of [
		['d', UNIT_MS.d],
		['h', UNIT_MS.h],
		['m', UNIT_MS.m],
		['s', UNIT_MS.s],
	] as const) {
		if (rest >= size) {
			parts.push(`${Math.floor(rest / size)}${unit}`);
			rest %= size;
		}
	}
	if (rest > 0 || parts.length === 0) parts.push(`${rest}ms`);
	return parts.join(' ');
}

const shorten = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
