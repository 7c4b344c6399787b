/** Hostile changes the signed schemes share: to a required header, the body, the secret, the clock or the id. */
import { Buffer } from 'node:buffer';

import {
	bodyArb,
	chance,
	draw,
	findEntry,
	flipBit,
	int,
	junkTextArb,
	messageIdArb,
	otherSpelling,
	pick,
	same,
	type G,
} from '../wire';
import { accept, refuse, type Slot, type Draft, setValue } from './case';
import { staleNow, badTimestampText, otherTimestampText } from './clocks';
import { labelOf, sameHmacKey } from './secrets';

/** Hostile changes to one required header: gone, blank, not a string, or there twice. */
export function slotMutation(g: G, draft: Draft, slot: Slot): void {
	const index = findEntry(draft.entries, slot.name);
	const [key, value] = draft.entries[index];
	const kind = pick(g, [
		'remove',
		'empty',
		'emptyArray',
		'notString',
		'aliasSame',
		'aliasOther',
		'arraySame',
		'arrayOther',
		'junk',
	] as const);
	draft.steps.push(`${kind}:${slot.name}`);
	const single = typeof value === 'string' ? value : (value as string[])[0];
	switch (kind) {
		case 'remove':
			draft.entries.splice(index, 1);
			draft.expect = refuse(slot.missing);
			return;
		case 'empty':
			draft.entries[index] = [key, ''];
			draft.expect = refuse(slot.missing);
			return;
		case 'emptyArray':
			draft.entries[index] = [key, []];
			draft.expect = refuse(slot.missing);
			return;
		case 'notString':
			draft.entries[index] = [key, pick(g, [42, null, { value: single }, [7]]) as unknown as string];
			draft.expect = refuse(slot.missing);
			return;
		case 'aliasSame':
		case 'aliasOther': {
			const alias = otherSpelling(g, draft.entries, slot.name);
			if (alias === undefined) throw new Error('test bug: no alias spelling');
			const other = kind === 'aliasSame' ? single : draw(g, junkTextArb) || 'x';
			draft.entries.splice(int(g, 0, draft.entries.length), 0, [alias, other]);
			draft.expect = refuse('duplicate_header');
			return;
		}
		case 'arraySame':
			draft.entries[index] = [key, [single, single]];
			draft.expect = refuse('duplicate_header');
			return;
		case 'arrayOther':
			draft.entries[index] = [key, chance(g, 50) ? [single, draw(g, junkTextArb)] : [draw(g, junkTextArb), single]];
			draft.expect = refuse('duplicate_header');
			return;
		case 'junk': {
			const junk = draw(g, junkTextArb);
			if (junk === single) return; // unchanged: still genuine
			draft.entries[index] = [key, junk];
			draft.expect = junk === '' ? refuse(slot.missing) : refuse();
			return;
		}
	}
}

/** Hostile changes to the body: any byte that differs from what was signed must fail. */
export function bodyMutation(g: G, draft: Draft, signed: Buffer): void {
	const kind = pick(g, ['flip', 'append', 'truncate', 'replace', 'reencode', 'missing', 'string'] as const);
	draft.steps.push(`body:${kind}`);
	let body: Buffer;
	switch (kind) {
		case 'missing':
			draft.body = undefined;
			draft.expect = refuse('missing_raw_body');
			return;
		case 'string':
			// A parsed or stringified body is not the bytes received: verification must not guess.
			draft.body = signed.toString('utf8');
			draft.expect = refuse('missing_raw_body');
			return;
		case 'flip':
			body = flipBit(g, signed);
			break;
		case 'append':
			body = Buffer.concat([signed, Buffer.from(pick(g, [' ', '\n', '\0', '}', 'x']))]);
			break;
		case 'truncate':
			body = signed.subarray(0, Math.max(0, signed.length - int(g, 1, 3)));
			break;
		case 'replace':
			body = draw(g, bodyArb);
			break;
		case 'reencode': {
			// What a framework hands over after parsing and re-serialising, or decoding as UTF-8.
			let text = signed.toString('utf8');
			try {
				text = JSON.stringify(JSON.parse(text), null, chance(g, 50) ? 2 : undefined);
			} catch {
				// Not JSON: the UTF-8 round trip alone.
			}
			body = Buffer.from(text, 'utf8');
			break;
		}
	}
	draft.body = body;
	if (!same(body, signed)) draft.expect = refuse('signature_mismatch');
}

// ---- hostile changes the signed schemes share ------------------------------------------------------------------

/** The current secret is blank: nothing can verify. */
export function noSecretMutation(g: G, draft: Draft): void {
	draft.steps.push('noSecret');
	draft.secrets = { ...draft.secrets, current: pick(g, ['', undefined]) as string };
	draft.expect = refuse('missing_secret');
}

export const CLOCK_KINDS = ['stale', 'tsChanged', 'tsBad'] as const;
type ClockKind = (typeof CLOCK_KINDS)[number];
export const isClockKind = (kind: string): kind is ClockKind => (CLOCK_KINDS as readonly string[]).includes(kind);

/** One of the clock mutations below, for a scheme whose signed timestamp `write` puts in place. */
export function clockMutation(
	g: G,
	draft: Draft,
	kind: ClockKind,
	ts: number,
	tolerance: number,
	write: (text: string) => void,
): void {
	if (kind === 'stale') staleMutation(g, draft, ts, tolerance);
	else if (kind === 'tsChanged') timestampMutation(g, draft, ts, write);
	else badTimestampMutation(g, draft, ts, write);
}

/** A signature made with another key, written by `write`: it verifies only if that key is one of the secrets. */
export function wrongKeyMutation(
	draft: Draft,
	key: Buffer,
	keyOf: (secret: string) => Buffer | undefined,
	write: () => void,
): void {
	draft.steps.push('wrongSecret');
	write();
	const label = labelOf(key, draft.secrets, keyOf, sameHmacKey);
	draft.expect = label ? accept(label) : refuse('signature_mismatch');
}

/** The request arrives outside the tolerance (no change when the age is not checked). */
export function staleMutation(g: G, draft: Draft, ts: number, tolerance: number): void {
	if (tolerance === 0) return;
	draft.steps.push('stale');
	draft.nowMs = staleNow(g, ts, tolerance);
	draft.expect = refuse('timestamp_out_of_tolerance');
}

/** Another timestamp than the one signed, written by `write` where the scheme reads it; the new time, or
 * undefined when the draw left the text unchanged. */
export function timestampMutation(
	g: G,
	draft: Draft,
	ts: number,
	write: (text: string) => void,
): { seconds: number } | undefined {
	const next = otherTimestampText(g, ts);
	if (!next) return undefined;
	draft.steps.push(`tsChanged:${next.text}`);
	write(next.text);
	draft.expect = refuse('signature_mismatch');
	return next;
}

/** A timestamp that is not the plain digits every scheme requires. */
export function badTimestampMutation(g: G, draft: Draft, ts: number, write: (text: string) => void): void {
	const text = badTimestampText(g, ts);
	draft.steps.push(`tsBad:${text}`);
	write(text);
	draft.expect = refuse('invalid_timestamp');
}

/** Another message id than the one signed, or the same one with stray whitespace or case. */
export function idMutation(g: G, draft: Draft, id: string, header: string): void {
	const next = chance(g, 25) ? pick(g, [` ${id}`, `${id} `, `${id}\t`, id.toUpperCase()]) : draw(g, messageIdArb);
	if (next === id) return;
	draft.steps.push('idChanged');
	setValue(draft, header, next);
	draft.expect = refuse('signature_mismatch');
}
