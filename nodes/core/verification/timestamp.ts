import { getSingleHeader } from './headers';
import type { HeaderBag, VerifyFailureReason } from './types';

export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Integer seconds only: no sign, no fraction, no exponent, and at most 12 digits so the value stays exact. */
const TIMESTAMP = /^\d{1,12}$/;

export interface ValidTimestamp {
	ok: true;
	/** As received, because that text is what the sender signed. */
	text: string;
	seconds: number;
}

export type TimestampRead = ValidTimestamp | { ok: false; reason: VerifyFailureReason };

/** Reads a Unix-seconds timestamp header that must occur once. */
export function readTimestampHeader(headers: HeaderBag, name: string | undefined): TimestampRead {
	if (!name) return { ok: false, reason: 'missing_timestamp' };
	const header = getSingleHeader(headers, name);
	if ('duplicate' in header) return { ok: false, reason: 'duplicate_header' };
	if ('missing' in header) return { ok: false, reason: 'missing_timestamp' };
	return parseTimestamp(header.value);
}

export function parseTimestamp(text: string): TimestampRead {
	return TIMESTAMP.test(text) ? { ok: true, text, seconds: Number(text) } : { ok: false, reason: 'invalid_timestamp' };
}

/** A missing or nonsensical tolerance falls back to the default rather than to "no check". */
export function resolveTolerance(toleranceSeconds: number | undefined): number {
	return toleranceSeconds !== undefined && Number.isFinite(toleranceSeconds) && toleranceSeconds >= 0
		? toleranceSeconds
		: DEFAULT_TOLERANCE_SECONDS;
}

/** True when the timestamp is within the tolerance of now, in the past or in the future; a tolerance of 0
 * disables the check. A NaN anywhere makes the comparison false, so it fails closed. */
export function isFresh(seconds: number, nowMs: number, toleranceSeconds: number): boolean {
	if (toleranceSeconds === 0) return true;
	return Math.abs(Math.floor(nowMs / 1000) - seconds) <= toleranceSeconds;
}
