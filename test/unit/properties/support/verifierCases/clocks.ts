/** Times for the timestamped schemes: fresh and stale clocks, other and malformed timestamp texts. */
import { chance, draw, int, pick, timestampArb, type G } from '../wire';

export const effectiveTolerance = (seconds: number | undefined): number =>
	seconds !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds : 300;

export const freshNow = (g: G, ts: number, tolerance: number): number => {
	const span = tolerance === 0 ? 10_000_000 : Math.floor(tolerance);
	const edge = chance(g, 10);
	const offset = edge ? pick(g, [-span, span]) : int(g, -span, span);
	return (ts + offset) * 1000 + int(g, 0, 999);
};

export const staleNow = (g: G, ts: number, tolerance: number): number => {
	const beyond = Math.floor(tolerance) + (chance(g, 20) ? 1 : int(g, 1, 10_000_000));
	return (ts + (chance(g, 50) ? beyond : -beyond)) * 1000 + int(g, 0, 999);
};

export const fresh = (ts: number, nowMs: number, tolerance: number) =>
	tolerance === 0 || Math.abs(Math.floor(nowMs / 1000) - ts) <= tolerance;

/** Spellings of a Unix time that are not the 1–12 plain digits the schemes require. */
export function badTimestampText(g: G, ts: number): string {
	const text = String(ts);
	return pick(g, [
		`+${text}`,
		`-${text}`,
		`${text}.0`,
		`${text}.5`,
		`${text}e0`,
		` ${text}`,
		`${text} `,
		`${text}\t`,
		`0x${ts.toString(16)}`,
		`${text}${'0'.repeat(Math.max(0, 12 - text.length))}1`,
		'NaN',
		'Infinity',
		`${text}abc`,
		'\u0661\u0662\u0663',
		'1e9',
	]);
}

/** Another timestamp text: a different time, or the same time with a leading zero (other signed text). */
export function otherTimestampText(g: G, ts: number): { seconds: number; text: string } | undefined {
	const seconds = chance(g, 25) ? ts : draw(g, timestampArb);
	const text = chance(g, 30) && String(seconds).length < 12 ? `0${seconds}` : String(seconds);
	return text === String(ts) ? undefined : { seconds, text };
}
