/** Cases for Ed25519 and ECDSA P-256: custom configurations and the Discord and SendGrid senders. Requests
 * are signed with node:crypto's sign and private keys from a small pool (key generation per case would
 * dominate the run). */
import { Buffer } from 'node:buffer';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

import fc from 'fast-check';

import type {
	PublicKeys,
	PublicKeySignatureOptions,
	SecretLabel,
	SignatureEncoding,
	VerificationConfig,
} from '../../../../../nodes/core/verification';
import {
	addNoise,
	bodyArb,
	chance,
	draw,
	encodeAs,
	flipBit,
	insertAt,
	int,
	pick,
	reshape,
	same,
	timestampArb,
	VARIANTS,
	variantAccepted,
	WHITESPACE,
	type Entry,
	type G,
} from '../wire';
import { accept, finish, refuse, setValue, valueOf, type Case, type Draft, type Expect, type Slot } from './case';
import { effectiveTolerance, fresh, freshNow } from './clocks';
import { headerNameArb } from './hmacSenders';
import { bodyMutation, CLOCK_KINDS, clockMutation, isClockKind, slotMutation } from './mutations';
import { renderTemplate } from './secrets';

export type PublicKeyKind = 'ed25519' | 'ecdsa';
export type PublicKeyConfig = Extract<VerificationConfig, { method: PublicKeyKind }>;

const POOL_SIZE = 4;
const pool: Record<PublicKeyKind, Array<{ publicKey: KeyObject; privateKey: KeyObject }>> = {
	ed25519: Array.from({ length: POOL_SIZE }, () => generateKeyPairSync('ed25519')),
	ecdsa: Array.from({ length: POOL_SIZE }, () => generateKeyPairSync('ec', { namedCurve: 'P-256' })),
};
/** Keys a scheme must not use: the other scheme's, and ECDSA on another curve. */
const misfits: Record<PublicKeyKind, KeyObject[]> = {
	ed25519: [pool.ecdsa[0].publicKey, generateKeyPairSync('ed448').publicKey],
	ecdsa: [pool.ed25519[0].publicKey, generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey],
};

type DsaEncoding = 'der' | 'ieee-p1363';

function signWith(kind: PublicKeyKind, privateKey: KeyObject, content: Buffer, dsaEncoding: DsaEncoding): Buffer {
	return kind === 'ed25519'
		? sign(null, content, privateKey)
		: sign('sha256', content, { key: privateKey, dsaEncoding });
}

/** How a public-key sender signs. */
export interface PublicKeySender {
	kind: PublicKeyKind;
	encoding: SignatureEncoding;
	header: string;
	prefix: string;
	template: string;
	timestampHeader?: string;
	/** Effective tolerance in seconds (0 = no age check). */
	tolerance: number;
}

export const publicKeySenderFor = (config: PublicKeyConfig): PublicKeySender => ({
	kind: config.method,
	encoding: config.encoding,
	header: config.signatureHeader,
	prefix: config.signaturePrefix ?? '',
	template: config.signedContent || '{body}',
	timestampHeader: config.timestampHeader,
	tolerance: effectiveTolerance(config.toleranceSeconds),
});

const templateArb = fc.constantFrom(
	'{body}',
	'{timestamp}{body}',
	'{timestamp}.{body}',
	'v0:{timestamp}:{body}',
	'{body}.{timestamp}',
	'{{body}}',
	'{id}.{body}',
);

/** A configuration as a user might fill it in: mostly consistent, sometimes missing the timestamp header the
 * template needs or using {id} (both must refuse everything), sometimes an unsigned timestamp header. */
export const publicKeyConfigArb = (kind: PublicKeyKind): fc.Arbitrary<PublicKeyConfig> =>
	fc
		.record({
			encoding: fc.constantFrom<SignatureEncoding>('hex', 'base64'),
			signatureHeader: headerNameArb('X-Sig-'),
			signaturePrefix: fc.option(fc.constantFrom('', 'v1=', 'ed25519=', 'sig '), { nil: undefined }),
			signedContent: fc.option(templateArb, { nil: undefined }),
			timestampHeader: headerNameArb('X-Ts-'),
			withTimestamp: fc.integer({ min: 0, max: 99 }),
			toleranceSeconds: fc.option(
				fc.oneof(fc.integer({ min: 0, max: 3600 }), fc.constantFrom(0, 300, -1, Number.NaN)),
				{ nil: undefined },
			),
		})
		.map(({ withTimestamp, ...options }): PublicKeyConfig => {
			const needsTs = (options.signedContent || '{body}').includes('{timestamp}');
			const keepTs = needsTs ? withTimestamp >= 3 : withTimestamp < 20;
			const config: PublicKeySignatureOptions = {
				...options,
				timestampHeader: keepTs ? options.timestampHeader : undefined,
			};
			return { method: kind, ...config };
		});

interface KeyPlan {
	keys: PublicKeys;
	signer: KeyObject;
	label: SecretLabel;
	/** Pool entries not among the keys, for wrong-key forgeries. */
	outsiders: KeyObject[];
	steps: string[];
}

/** Current only, or a rotation signed with either key, or a previous key of another kind (left out). */
function planKeys(g: G, kind: PublicKeyKind): KeyPlan {
	const [a, b, ...rest] = draw(g, fc.shuffledSubarray(pool[kind], { minLength: POOL_SIZE, maxLength: POOL_SIZE }));
	const outsiders = rest.map((pair) => pair.privateKey);
	switch (int(g, 0, 4)) {
		case 0:
		case 1:
			return {
				keys: { current: a.publicKey },
				signer: a.privateKey,
				label: 'current',
				outsiders: [...outsiders, b.privateKey],
				steps: [],
			};
		case 2:
			return {
				keys: { current: a.publicKey, previous: b.publicKey },
				signer: a.privateKey,
				label: 'current',
				outsiders,
				steps: ['rotation:current'],
			};
		case 3:
			return {
				keys: { current: a.publicKey, previous: b.publicKey },
				signer: b.privateKey,
				label: 'previous',
				outsiders,
				steps: ['rotation:previous'],
			};
		default:
			return {
				keys: { current: a.publicKey, previous: pick(g, misfits[kind]) },
				signer: a.privateKey,
				label: 'current',
				outsiders: [...outsiders, b.privateKey],
				steps: ['previous:otherKind'],
			};
	}
}

export function publicKeyCase(g: G, config: PublicKeyConfig, sender: PublicKeySender): Case {
	const plan = planKeys(g, sender.kind);
	const body = draw(g, bodyArb);
	const ts = draw(g, timestampArb);
	const checksAge = sender.timestampHeader !== undefined;
	const tsSigned = sender.template.includes('{timestamp}');
	const misconfigured = sender.template.includes('{id}') || (tsSigned && !sender.timestampHeader);
	const dsaEncoding: DsaEncoding = sender.kind === 'ecdsa' && chance(g, 50) ? 'ieee-p1363' : 'der';

	const content = (values: { body?: Buffer; timestamp?: string; template?: string } = {}) =>
		renderTemplate(values.template ?? sender.template, {
			body: values.body ?? body,
			timestamp: values.timestamp ?? String(ts),
			id: 'msg_unused',
		});
	const signed = (key: KeyObject, bytes = content(), encoding = dsaEncoding) =>
		signWith(sender.kind, key, bytes, encoding);
	const genuine = signed(plan.signer);
	const variant = chance(g, 70) ? VARIANTS[sender.encoding][0] : pick(g, VARIANTS[sender.encoding]);
	const mask = g(fc.nat);
	const render = (bytes: Buffer) => `${sender.prefix}${encodeAs(bytes, variant, mask)}`;
	/** What a signature of these bytes must verify as: a length no reading takes may read as either refusal. */
	const verdict = (bytes: Buffer, label: SecretLabel | undefined): Expect => {
		if (bytes.length === 0) return refuse('malformed_header', ...(sender.prefix ? [] : (['missing_header'] as const)));
		if (!variantAccepted(variant, encodeAs(bytes, variant, mask))) return refuse('malformed_header');
		if (label) return accept(label);
		return bytes.length === 64 ? refuse('signature_mismatch') : refuse('signature_mismatch', 'malformed_header');
	};

	const entries: Entry[] = [[sender.header, render(genuine)]];
	if (checksAge) entries.push([sender.timestampHeader!, String(ts)]);
	let keys: PublicKeys | undefined = plan.keys;
	const draft: Draft = {
		config,
		entries,
		body,
		secrets: { current: '' },
		nowMs: checksAge ? freshNow(g, ts, sender.tolerance) : draw(g, timestampArb) * 1000,
		expect: misconfigured ? refuse() : verdict(genuine, plan.label),
		steps: [...plan.steps, `variant:${variant}`, `dsa:${dsaEncoding}`, ...(misconfigured ? ['misconfigured'] : [])],
	};

	const slots: Slot[] = [{ name: sender.header, missing: 'missing_header' }];
	if (checksAge) slots.push({ name: sender.timestampHeader!, missing: 'missing_timestamp' });
	const reserved = [sender.header, sender.timestampHeader].filter((n): n is string => Boolean(n));

	if (draft.expect.ok && chance(g, 50)) {
		const genuineExpect = draft.expect;
		const kinds: string[] = ['body', 'slot', 'wrongKey', 'noKey', 'sigBytes', 'sigText', 'otherContent'];
		if (checksAge) kinds.push(...CLOCK_KINDS);
		const kind = pick(g, kinds);
		if (isClockKind(kind)) {
			const write = (text: string) => setValue(draft, sender.timestampHeader!, text);
			clockMutation(g, draft, kind, ts, sender.tolerance, write);
			// An unsigned timestamp only has its age checked.
			const text = valueOf(draft, sender.timestampHeader!);
			if (kind === 'tsChanged' && !tsSigned && text !== String(ts)) {
				draft.expect = fresh(Number(text), draft.nowMs, sender.tolerance)
					? genuineExpect
					: refuse('timestamp_out_of_tolerance');
			}
		} else {
			switch (kind) {
				case 'body':
					bodyMutation(g, draft, body);
					break;
				case 'slot': {
					const slot = pick(g, slots);
					slotMutation(g, draft, slot);
					if (slot.name === sender.timestampHeader && !tsSigned && draft.steps.at(-1)?.startsWith('junk')) {
						const text = valueOf(draft, slot.name);
						if (/^\d{1,12}$/.test(text))
							draft.expect = fresh(Number(text), draft.nowMs, sender.tolerance)
								? genuineExpect
								: refuse('timestamp_out_of_tolerance');
					}
					break;
				}
				case 'wrongKey': {
					draft.steps.push('wrongKey');
					const bytes = signed(pick(g, plan.outsiders));
					setValue(draft, sender.header, render(bytes));
					draft.expect = verdict(bytes, undefined);
					break;
				}
				case 'noKey':
					keys = chance(g, 50) ? undefined : { current: pick(g, misfits[sender.kind]), previous: plan.keys.current };
					draft.steps.push(keys ? 'noKey:otherKind' : 'noKey:none');
					draft.expect = refuse('missing_key');
					break;
				case 'sigBytes':
					sigBytesMutation(g, draft, {
						sender,
						genuine,
						render,
						verdict,
						label: plan.label,
						signer: plan.signer,
						dsaEncoding,
						content,
					});
					break;
				case 'sigText':
					sigTextMutation(g, draft, sender, genuine);
					break;
				case 'otherContent': {
					// A genuine signature, but over other bytes than the scheme signs.
					const template =
						sender.template === '{body}'
							? pick(g, ['{body}\n', ' {body}', '{body}{body}', '{timestamp}{body}'])
							: pick(g, ['{body}', `${sender.template}.`]);
					if (same(content({ template }), content())) break;
					draft.steps.push(`otherContent:${template}`);
					const bytes = signed(plan.signer, content({ template }));
					setValue(draft, sender.header, render(bytes));
					draft.expect = verdict(bytes, undefined);
					break;
				}
			}
		}
	}
	draft.steps.push(...reshape(g, draft.entries, reserved));
	addNoise(g, draft.entries, reserved);
	const built = finish(draft);
	built.input.publicKeys = keys;
	return built;
}

interface SigParts {
	sender: PublicKeySender;
	genuine: Buffer;
	render: (bytes: Buffer) => string;
	verdict: (bytes: Buffer, label: SecretLabel | undefined) => Expect;
	label: SecretLabel;
	signer: KeyObject;
	dsaEncoding: DsaEncoding;
	content: () => Buffer;
}

/** Other signature bytes: damaged ones never verify; the same ECDSA signature in its other encoding (DER or
 * raw r‖s) must. */
function sigBytesMutation(g: G, draft: Draft, p: SigParts): void {
	const kinds = ['flip', 'truncate', 'extend', 'random', 'empty'] as const;
	const how = p.sender.kind === 'ecdsa' && chance(g, 20) ? 'otherDsaEncoding' : pick(g, kinds);
	draft.steps.push(`sig:${how}`);
	if (how === 'otherDsaEncoding') {
		const other: DsaEncoding = p.dsaEncoding === 'der' ? 'ieee-p1363' : 'der';
		const bytes = sign('sha256', p.content(), { key: p.signer, dsaEncoding: other });
		setValue(draft, p.sender.header, p.render(bytes));
		draft.expect = p.verdict(bytes, p.label);
		return;
	}
	const bytes = {
		flip: () => flipBit(g, p.genuine),
		truncate: () => p.genuine.subarray(0, p.genuine.length - int(g, 1, p.genuine.length)),
		extend: () => Buffer.concat([p.genuine, Buffer.from([int(g, 0, 255)])]),
		random: () => Buffer.from(draw(g, fc.uint8Array({ minLength: 64, maxLength: 64 }))),
		empty: () => Buffer.alloc(0),
	}[how]();
	setValue(draft, p.sender.header, p.render(bytes));
	draft.expect = p.verdict(bytes, undefined);
}

/** Another spelling of the signature header's text: none may verify. */
function sigTextMutation(g: G, draft: Draft, sender: PublicKeySender, genuine: Buffer): void {
	const value = valueOf(draft, sender.header);
	const options: Array<[string, () => string]> = [
		['whitespace', () => insertAt(g, value, pick(g, WHITESPACE))],
		['lead', () => `${pick(g, WHITESPACE)}${value}`],
		['trail', () => `${value}${pick(g, WHITESPACE)}`],
		['commaList', () => `${value},${value}`],
		['quoted', () => `"${value}"`],
		['otherEncoding', () => `${sender.prefix}${genuine.toString(sender.encoding === 'hex' ? 'base64' : 'hex')}`],
	];
	if (sender.prefix) options.push(['noPrefix', () => value.slice(sender.prefix.length)]);
	else options.push(['addPrefix', () => `v1=${value}`]);
	const [how, make] = pick(g, options);
	const text = make();
	if (text === value) return;
	draft.steps.push(`sigText:${how}`);
	setValue(draft, sender.header, text);
	// Hex digits are base64 digits too: the other encoding may decode, to bytes that are no signature.
	draft.expect =
		how === 'otherEncoding' ? refuse('malformed_header', 'signature_mismatch') : refuse('malformed_header');
}
