/** The hostile changes to an HMAC case: signature, key, algorithm, encoding, prefix, template, clock and id. */
import { Buffer } from 'node:buffer';

import fc from 'fast-check';

import type { SecretLabel } from '../../../../../nodes/core/verification';
import {
	DIGEST_BYTES,
	draw,
	flipBit,
	insertAt,
	int,
	nonCanonicalBase64,
	pick,
	same,
	WHITESPACE,
	type G,
} from '../wire';
import { type Expect, refuse, type Slot, type Draft, valueOf, setValue } from './case';
import { fresh } from './clocks';
import type { HmacSender } from './hmacSenders';
import {
	slotMutation,
	bodyMutation,
	noSecretMutation,
	CLOCK_KINDS,
	staleMutation,
	timestampMutation,
	badTimestampMutation,
	idMutation,
} from './mutations';
import { mac, labelOf, utf8Key, sameHmacKey, utf8SecretArb } from './secrets';

interface HmacParts {
	sender: HmacSender;
	slots: Slot[];
	body: Buffer;
	ts: number;
	id: string;
	content: (values?: { body?: Buffer; timestamp?: string; id?: string; template?: string }) => Buffer;
	genuine: Buffer;
	render: (bytes: Buffer) => string;
	verdict: (bytes: Buffer, label: SecretLabel | undefined) => Expect;
	tsSigned: boolean;
	idSigned: boolean;
	checksAge: boolean;
}

export function hmacHostile(g: G, draft: Draft, p: HmacParts): void {
	const { sender } = p;
	const sigHeader = sender.header;
	const genuineExpect = draft.expect;
	const kinds = ['body', 'slot', 'wrongSecret', 'noSecret', 'sigBytes', 'sigText', 'otherContent'];
	if (p.checksAge) kinds.push(...CLOCK_KINDS);
	if (p.idSigned) kinds.push('idChanged');
	const currentKey = utf8Key(draft.secrets.current)!;
	switch (pick(g, kinds)) {
		case 'body':
			return bodyMutation(g, draft, p.body);
		case 'slot': {
			const slot = pick(g, p.slots);
			slotMutation(g, draft, slot);
			if (slot.name === sender.timestampHeader && !p.tsSigned && draft.steps.at(-1)?.startsWith('junk')) {
				// An unsigned timestamp is only checked for its form and age: junk that is a fresh time passes.
				const text = valueOf(draft, slot.name);
				if (/^\d{1,12}$/.test(text))
					draft.expect = fresh(Number(text), draft.nowMs, sender.tolerance)
						? genuineExpect
						: refuse('timestamp_out_of_tolerance');
			}
			return;
		}
		case 'wrongSecret': {
			const key = utf8Key(draw(g, utf8SecretArb))!;
			const bytes = mac(sender.algorithm, key, p.content());
			draft.steps.push('wrongSecret');
			setValue(draft, sigHeader, p.render(bytes));
			draft.expect = p.verdict(
				bytes,
				labelOf(key, draft.secrets, utf8Key, (a, b) => sameHmacKey(a, b, sender.algorithm)),
			);
			return;
		}
		case 'noSecret':
			return noSecretMutation(g, draft);
		case 'sigBytes': {
			const how = pick(g, [
				'flip',
				'truncate',
				'extend',
				'random',
				'otherAlgorithm',
				'otherAlgorithmResized',
				'empty',
			] as const);
			draft.steps.push(`sig:${how}`);
			const length = DIGEST_BYTES[sender.algorithm];
			const other = pick(
				g,
				(['sha1', 'sha256', 'sha512'] as const).filter((a) => a !== sender.algorithm),
			);
			const otherMac = mac(other, currentKey, p.content());
			const bytes = {
				flip: () => flipBit(g, p.genuine),
				truncate: () => p.genuine.subarray(0, length - int(g, 1, length)),
				extend: () => Buffer.concat([p.genuine, Buffer.from([int(g, 0, 255)])]),
				random: () => Buffer.from(draw(g, fc.uint8Array({ minLength: length, maxLength: length }))),
				otherAlgorithm: () => otherMac,
				otherAlgorithmResized: () => Buffer.concat([otherMac, Buffer.alloc(64)]).subarray(0, length),
				empty: () => Buffer.alloc(0),
			}[how]();
			setValue(draft, sigHeader, p.render(bytes));
			draft.expect = p.verdict(
				bytes,
				same(bytes, p.genuine) ? (genuineExpect as { secret: SecretLabel }).secret : undefined,
			);
			return;
		}
		case 'sigText': {
			const value = valueOf(draft, sigHeader);
			const encoded = value.slice(sender.prefix.length);
			const base64 = p.genuine.toString('base64');
			const options: Array<[string, () => string | undefined]> = [
				['whitespace', () => insertAt(g, value, pick(g, WHITESPACE))],
				['lead', () => `${pick(g, WHITESPACE)}${value}`],
				['trail', () => `${value}${pick(g, WHITESPACE)}`],
				['commaList', () => `${value},${value}`],
				['commaListSpace', () => `${value}, ${p.render(flipBit(g, p.genuine))}`],
				['otherEncoding', () => `${sender.prefix}${p.genuine.toString(sender.encoding === 'hex' ? 'base64' : 'hex')}`],
				['quoted', () => `"${value}"`],
			];
			if (sender.prefix) {
				options.push(
					['noPrefix', () => encoded],
					[
						'prefixCase',
						() =>
							sender.prefix.toUpperCase() !== sender.prefix
								? `${sender.prefix.toUpperCase()}${encoded}`
								: `${sender.prefix.toLowerCase()}x${encoded}`,
					],
					['prefixTwice', () => `${sender.prefix}${value}`],
				);
			} else options.push(['addPrefix', () => `sha256=${value}`]);
			if (sender.encoding === 'hex') {
				options.push(
					['oddLength', () => value.slice(0, -1)],
					['nonHex', () => `${value.slice(0, -1)}g`],
					['0x', () => `${sender.prefix}0x${encoded}`],
				);
			} else {
				options.push(
					[
						'nonCanonical',
						() => {
							const text = nonCanonicalBase64(encoded);
							return text && `${sender.prefix}${text}`;
						},
					],
					['extraPadding', () => `${sender.prefix}${base64}=`],
					[
						'mixedAlphabet',
						() => {
							const text = mixAlphabets(base64);
							return text && `${sender.prefix}${text}`;
						},
					],
				);
			}
			const [how, make] = pick(g, options);
			const text = make();
			if (text === undefined || text === value) return;
			draft.steps.push(`sigText:${how}`);
			setValue(draft, sigHeader, text);
			draft.expect = refuse('malformed_header');
			if (sender.separator !== undefined) {
				// Several signatures, each trimmed (PagerDuty): one genuine among them verifies; otherwise a
				// well-formed other one is a mismatch, and nothing well-formed is malformed as before.
				const parts = text.split(sender.separator).map((part) => part.trim());
				if (parts.includes(value)) draft.expect = genuineExpect;
				else if (how === 'commaListSpace') draft.expect = refuse('signature_mismatch');
			}
			return;
		}
		case 'otherContent': {
			// A genuine MAC, but over other bytes than the scheme signs.
			const template =
				sender.template === '{body}'
					? pick(g, ['{body}\n', ' {body}', '{body}{body}', '{timestamp}.{body}'])
					: pick(g, ['{body}', `${sender.template}.`]);
			const bytes = mac(sender.algorithm, currentKey, p.content({ template }));
			if (same(bytes, mac(sender.algorithm, currentKey, p.content()))) return;
			draft.steps.push(`otherContent:${template}`);
			setValue(draft, sigHeader, p.render(bytes));
			draft.expect = p.verdict(bytes, undefined);
			return;
		}
		case 'stale':
			return staleMutation(g, draft, p.ts, sender.tolerance);
		case 'tsChanged': {
			const next = timestampMutation(g, draft, p.ts, (text) => setValue(draft, sender.timestampHeader!, text));
			// An unsigned timestamp only has its age checked.
			if (next && !p.tsSigned)
				draft.expect = fresh(next.seconds, draft.nowMs, sender.tolerance)
					? genuineExpect
					: refuse('timestamp_out_of_tolerance');
			return;
		}
		case 'tsBad':
			return badTimestampMutation(g, draft, p.ts, (text) => setValue(draft, sender.timestampHeader!, text));
		case 'idChanged':
			return idMutation(g, draft, p.id, sender.idHeader!);
	}
}

/** Standard base64 with one '+' or '/' turned into its base64url twin while another stays: a mix of
 * alphabets that neither decoding accepts (undefined when the text has fewer than two such characters). */
function mixAlphabets(text: string): string | undefined {
	if ((text.match(/[+/]/g) ?? []).length < 2) return undefined;
	return text.replace(/[+/]/, (c) => (c === '+' ? '-' : '_'));
}
