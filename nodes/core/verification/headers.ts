import type { HeaderBag } from './types';

export type HeaderLookup = { value: string } | { missing: true } | { duplicate: true };

/** Reads a header that must occur exactly once, whatever the case of its name in the bag. Values under
 * several spellings of the name, or an array of more than one, are duplicates: a forger could otherwise
 * pick which copy the verifier reads. */
export function getSingleHeader(headers: HeaderBag, name: string): HeaderLookup {
	const wanted = name.toLowerCase();
	const values: unknown[] = [];
	for (const [key, raw] of Object.entries(headers)) {
		if (raw === undefined || key.toLowerCase() !== wanted) continue;
		if (Array.isArray(raw)) values.push(...raw);
		else values.push(raw);
	}
	if (values.length > 1) return { duplicate: true };
	const [value] = values;
	return typeof value === 'string' && value !== '' ? { value } : { missing: true };
}

export type RequiredHeader = { ok: true; value: string } | { ok: false; reason: 'missing_header' | 'duplicate_header' };

/** A header the scheme cannot do without, as a verification outcome. */
export function readRequiredHeader(headers: HeaderBag, name: string): RequiredHeader {
	const header = getSingleHeader(headers, name);
	if ('duplicate' in header) return { ok: false, reason: 'duplicate_header' };
	if ('missing' in header) return { ok: false, reason: 'missing_header' };
	return { ok: true, value: header.value };
}
