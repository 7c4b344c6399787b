/** Generated verification cases, one builder per scheme. Every case starts from a request a genuine sender
 * would send, signed here with node:crypto directly (never with the code under test), then takes benign
 * changes that must not matter (header spelling, arrays, unrelated headers, encodings, rotation, clock
 * skew) and, half of the time, one hostile change with a known effect. The builder states what verification
 * must answer. */
import { Buffer } from 'node:buffer';
import { createHash, createHmac } from 'node:crypto';

import fc from 'fast-check';

import type {
	HmacAlgorithm,
	HmacOptions,
	SecretLabel,
	Secrets,
	SignatureEncoding,
	SignInput,
	VerificationConfig,
	VerifyFailureReason,
	VerifyInput,
} from '../../../../nodes/core/verification';
import {
	addNoise,
	binaryTextArb,
	bodyArb,
	chance,
	DIGEST_BYTES,
	draw,
	encodeAs,
	findEntry,
	flipBit,
	insertAt,
	int,
	junkTextArb,
	messageIdArb,
	nonCanonicalBase64,
	otherSpelling,
	pick,
	reshape,
	same,
	timestampArb,
	toBag,
	VARIANTS,
	variantAccepted,
	WHITESPACE,
	type Entry,
	type G,
} from './wire';

export type Expect =
	| { ok: true; secret: SecretLabel | 'none' }
	| { ok: false; reasons?: readonly VerifyFailureReason[] };

export interface Case {
	/** What was done to the genuine request, for failure messages. */
	steps: string[];
	config: VerificationConfig;
	input: VerifyInput;
	expect: Expect;
	/** The canonical genuine request, for checking that signRequest produces exactly these headers. */
	signCheck?: { secret: string; input: SignInput; headers: Record<string, string> };
}

const accept = (secret: SecretLabel | 'none'): Expect => ({ ok: true, secret });
const refuse = (...reasons: VerifyFailureReason[]): Expect => ({
	ok: false,
	reasons: reasons.length ? reasons : undefined,
});

// ---- independent signing ---------------------------------------------------------------------------------

const mac = (algorithm: HmacAlgorithm, key: Buffer, content: Buffer) =>
	createHmac(algorithm, key).update(content).digest();

/** The signed bytes of a template, scanning left to right for {body}, {timestamp} and {id}. */
export function renderTemplate(template: string, values: { body: Buffer; timestamp?: string; id?: string }): Buffer {
	const parts: Buffer[] = [];
	let literal = '';
	for (let i = 0; i < template.length; ) {
		const placeholder = (['body', 'timestamp', 'id'] as const).find((name) => template.startsWith(`{${name}}`, i));
		if (!placeholder) {
			literal += template[i++];
			continue;
		}
		parts.push(Buffer.from(literal, 'utf8'));
		literal = '';
		const value = values[placeholder];
		if (value === undefined) throw new Error(`test bug: no ${placeholder}`);
		parts.push(Buffer.isBuffer(value) ? value : Buffer.from(value, 'utf8'));
		i += placeholder.length + 2;
	}
	parts.push(Buffer.from(literal, 'utf8'));
	return Buffer.concat(parts);
}

// ---- secrets -----------------------------------------------------------------------------------------------

interface SecretPlan {
	secrets: Secrets;
	/** The secret the genuine sender signs with, and the label verification must report. */
	signer: string;
	label: SecretLabel;
	steps: string[];
}

/** Current only, or a rotation signed with either secret, or a previous secret the scheme cannot use. */
function planSecrets(
	g: G,
	valid: fc.Arbitrary<string>,
	keyOf: (secret: string) => Buffer | undefined,
	unusable?: fc.Arbitrary<string>,
	equivalent: (a: Buffer, b: Buffer) => boolean = same,
): SecretPlan {
	const current = draw(g, valid);
	switch (int(g, 0, 4)) {
		case 0:
		case 1:
			return { secrets: { current }, signer: current, label: 'current', steps: [] };
		case 2: {
			const previous = draw(g, valid);
			return { secrets: { current, previous }, signer: current, label: 'current', steps: ['rotation:current'] };
		}
		case 3: {
			const previous = draw(g, valid);
			const label = equivalent(keyOf(previous)!, keyOf(current)!) ? 'current' : 'previous';
			return { secrets: { current, previous }, signer: previous, label, steps: ['rotation:previous'] };
		}
		default: {
			const previous = unusable ? draw(g, unusable) : '';
			return { secrets: { current, previous }, signer: current, label: 'current', steps: ['previous:unusable'] };
		}
	}
}

/** Which label a key verifies under, if any. */
function labelOf(
	key: Buffer,
	secrets: Secrets,
	keyOf: (secret: string) => Buffer | undefined,
	equivalent: (a: Buffer, b: Buffer) => boolean,
): SecretLabel | undefined {
	const current = keyOf(secrets.current);
	if (current && equivalent(current, key)) return 'current';
	const previous = secrets.previous ? keyOf(secrets.previous) : undefined;
	return previous && equivalent(previous, key) ? 'previous' : undefined;
}

const utf8Key = (secret: string) => (secret ? Buffer.from(secret, 'utf8') : undefined);

/** Whether two HMAC keys are the same key to HMAC: a key longer than the hash's block is hashed first, and a
 * shorter one is padded with zero bytes, so "k" and "k\0" (or "\0" and "") sign alike. */
export function sameHmacKey(a: Buffer, b: Buffer, algorithm: HmacAlgorithm = 'sha256'): boolean {
	const block = algorithm === 'sha512' ? 128 : 64;
	const normal = (key: Buffer) => {
		const long = key.length > block ? createHash(algorithm).update(key).digest() : key;
		let end = long.length;
		while (end > 0 && long[end - 1] === 0) end--;
		return long.subarray(0, end);
	};
	return same(normal(a), normal(b));
}

function standardKey(secret: string): Buffer | undefined {
	const encoded = secret.startsWith('whsec_') ? secret.slice(6) : secret;
	if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) return undefined;
	const key = Buffer.from(encoded, 'base64');
	return key.length > 0 && key.toString('base64') === encoded ? key : undefined;
}

const utf8SecretArb = fc.oneof(
	fc.string({ minLength: 1, maxLength: 40 }),
	fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
	binaryTextArb.filter((text) => text !== ''),
	fc.uint8Array({ minLength: 16, maxLength: 48 }).map((bytes) => `whsec_${Buffer.from(bytes).toString('base64')}`),
);

const standardSecretArb = fc
	.tuple(fc.uint8Array({ minLength: 1, maxLength: 64 }), fc.boolean())
	.map(([bytes, prefixed]) => `${prefixed ? 'whsec_' : ''}${Buffer.from(bytes).toString('base64')}`);

const unusableStandardSecretArb = fc.oneof(
	fc.constantFrom('whsec_', 'whsec_!!!!', 'not base64 at all', 'whsec_abc', 'whsec_YWJj=', 'YWJjZA'),
	fc.string({ minLength: 1, maxLength: 12 }).filter((text) => standardKey(text) === undefined),
);

/** Printable ASCII without whitespace: what fits `Authorization: Bearer <token>`. */
const tokenArb = fc.string({
	unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
	minLength: 1,
	maxLength: 48,
});
/** Header tokens may hold inner spaces, never outer ones (HTTP trims those). */
const headerTokenArb = fc
	.string({
		unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
		minLength: 1,
		maxLength: 48,
	})
	.filter((text) => text.trim() === text && text !== '');

// ---- clocks ------------------------------------------------------------------------------------------------

export const effectiveTolerance = (seconds: number | undefined): number =>
	seconds !== undefined && Number.isFinite(seconds) && seconds >= 0 ? seconds : 300;

const freshNow = (g: G, ts: number, tolerance: number): number => {
	const span = tolerance === 0 ? 10_000_000 : Math.floor(tolerance);
	const edge = chance(g, 10);
	const offset = edge ? pick(g, [-span, span]) : int(g, -span, span);
	return (ts + offset) * 1000 + int(g, 0, 999);
};

const staleNow = (g: G, ts: number, tolerance: number): number => {
	const beyond = Math.floor(tolerance) + (chance(g, 20) ? 1 : int(g, 1, 10_000_000));
	return (ts + (chance(g, 50) ? beyond : -beyond)) * 1000 + int(g, 0, 999);
};

const fresh = (ts: number, nowMs: number, tolerance: number) =>
	tolerance === 0 || Math.abs(Math.floor(nowMs / 1000) - ts) <= tolerance;

/** Spellings of a Unix time that are not the 1–12 plain digits the schemes require. */
function badTimestampText(g: G, ts: number): string {
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
function otherTimestampText(g: G, ts: number): { seconds: number; text: string } | undefined {
	const seconds = chance(g, 25) ? ts : draw(g, timestampArb);
	const text = chance(g, 30) && String(seconds).length < 12 ? `0${seconds}` : String(seconds);
	return text === String(ts) ? undefined : { seconds, text };
}

// ---- the draft every signed-body builder fills in -------------------------------------------------------------

interface Slot {
	/** The header's name as the sender spells it. */
	name: string;
	/** What its absence reads as. */
	missing: VerifyFailureReason;
}

interface Draft {
	config: VerificationConfig;
	entries: Entry[];
	body: unknown;
	secrets: Secrets;
	nowMs: number;
	expect: Expect;
	steps: string[];
	signCheck?: Case['signCheck'];
}

const finish = (draft: Draft): Case => ({
	steps: draft.steps,
	config: draft.config,
	input: { rawBody: draft.body as Buffer, headers: toBag(draft.entries), secrets: draft.secrets, nowMs: draft.nowMs },
	expect: draft.expect,
	signCheck: draft.signCheck,
});

const valueOf = (draft: Draft, name: string): string => {
	const value = draft.entries[findEntry(draft.entries, name)]?.[1];
	if (typeof value === 'string') return value;
	if (Array.isArray(value) && value.length === 1) return value[0];
	throw new Error(`test bug: no single value for ${name}`);
};

const setValue = (draft: Draft, name: string, value: Entry[1] | number) => {
	const index = findEntry(draft.entries, name);
	draft.entries[index] = [draft.entries[index][0], value as Entry[1]];
};

/** Hostile changes to one required header: gone, blank, not a string, or there twice. */
function slotMutation(g: G, draft: Draft, slot: Slot): void {
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
function bodyMutation(g: G, draft: Draft, signed: Buffer): void {
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
function noSecretMutation(g: G, draft: Draft): void {
	draft.steps.push('noSecret');
	draft.secrets = { ...draft.secrets, current: pick(g, ['', undefined]) as string };
	draft.expect = refuse('missing_secret');
}

const CLOCK_KINDS = ['stale', 'tsChanged', 'tsBad'] as const;
type ClockKind = (typeof CLOCK_KINDS)[number];
const isClockKind = (kind: string): kind is ClockKind => (CLOCK_KINDS as readonly string[]).includes(kind);

/** One of the clock mutations below, for a scheme whose signed timestamp `write` puts in place. */
function clockMutation(
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
function wrongKeyMutation(
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
function staleMutation(g: G, draft: Draft, ts: number, tolerance: number): void {
	if (tolerance === 0) return;
	draft.steps.push('stale');
	draft.nowMs = staleNow(g, ts, tolerance);
	draft.expect = refuse('timestamp_out_of_tolerance');
}

/** Another timestamp than the one signed, written by `write` where the scheme reads it; the new time, or
 * undefined when the draw left the text unchanged. */
function timestampMutation(
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
function badTimestampMutation(g: G, draft: Draft, ts: number, write: (text: string) => void): void {
	const text = badTimestampText(g, ts);
	draft.steps.push(`tsBad:${text}`);
	write(text);
	draft.expect = refuse('invalid_timestamp');
}

/** Another message id than the one signed, or the same one with stray whitespace or case. */
function idMutation(g: G, draft: Draft, id: string, header: string): void {
	const next = chance(g, 25) ? pick(g, [` ${id}`, `${id} `, `${id}\t`, id.toUpperCase()]) : draw(g, messageIdArb);
	if (next === id) return;
	draft.steps.push('idChanged');
	setValue(draft, header, next);
	draft.expect = refuse('signature_mismatch');
}

// ---- HMAC (custom configurations and the HMAC presets) ---------------------------------------------------------

/** How a real HMAC sender signs; for presets written from the senders' documentation, not from PRESETS. */
export interface HmacSender {
	algorithm: HmacAlgorithm;
	encoding: SignatureEncoding;
	header: string;
	prefix: string;
	template: string;
	timestampHeader?: string;
	idHeader?: string;
	/** Effective tolerance in seconds (0 = no age check). */
	tolerance: number;
}

export const PRESET_SENDERS: Readonly<Record<'github' | 'shopify' | 'slack' | 'mspManager' | 'oneManage', HmacSender>> =
	{
		github: {
			algorithm: 'sha256',
			encoding: 'hex',
			header: 'X-Hub-Signature-256',
			prefix: 'sha256=',
			template: '{body}',
			tolerance: 300,
		},
		shopify: {
			algorithm: 'sha256',
			encoding: 'base64',
			header: 'X-Shopify-Hmac-Sha256',
			prefix: '',
			template: '{body}',
			tolerance: 300,
		},
		slack: {
			algorithm: 'sha256',
			encoding: 'hex',
			header: 'X-Slack-Signature',
			prefix: 'v0=',
			template: 'v0:{timestamp}:{body}',
			timestampHeader: 'X-Slack-Request-Timestamp',
			tolerance: 300,
		},
		mspManager: {
			algorithm: 'sha256',
			encoding: 'base64',
			header: 'X-Webhook-Signature',
			prefix: '',
			template: '{body}',
			tolerance: 300,
		},
		oneManage: {
			algorithm: 'sha256',
			encoding: 'hex',
			header: 'X-OneManage-Signature',
			prefix: '',
			template: '{body}',
			tolerance: 300,
		},
	};

const headerNameArb = (prefix: string) =>
	fc
		.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'), minLength: 1, maxLength: 10 })
		.map((rest) => `${prefix}${rest}`);

const templateArb = fc.oneof(
	fc.constantFrom(
		'{body}',
		'{timestamp}.{body}',
		'v0:{timestamp}:{body}',
		'{id}.{timestamp}.{body}',
		'{timestamp}{body}',
		'{{body}}',
		'{body}.{timestamp}',
	),
	fc
		.array(
			fc.oneof(
				fc.constantFrom('{body}', '{timestamp}', '{id}', '{', '}', '{nope}', ':', '.', 'v1', '✓'),
				fc.string({ maxLength: 4 }),
			),
			{
				maxLength: 5,
			},
		)
		.map((parts) => `${parts.join('')}{body}`),
);

/** A custom HMAC configuration as a user might fill it in, including odd but legal ones: an unsigned
 * timestamp header (age check only), an id header the template ignores, odd tolerances. */
export const hmacConfigArb: fc.Arbitrary<HmacOptions & { method: 'hmac' }> = fc
	.record({
		algorithm: fc.constantFrom<HmacAlgorithm>('sha1', 'sha256', 'sha512'),
		encoding: fc.constantFrom<SignatureEncoding>('hex', 'base64'),
		signatureHeader: headerNameArb('X-Sig-'),
		signaturePrefix: fc.option(
			fc.oneof(
				fc.constantFrom('', 'sha256=', 'sha1=', 'v1=', 'v0=', 'HMAC '),
				fc.string({ unit: 'grapheme-ascii', maxLength: 6 }).filter((p) => !/\s/.test(p)),
			),
			{ nil: undefined },
		),
		signedContent: fc.option(templateArb, { nil: undefined }),
		timestampHeader: headerNameArb('X-Ts-'),
		idHeader: headerNameArb('X-Id-'),
		withTimestamp: fc.integer({ min: 0, max: 99 }),
		withId: fc.integer({ min: 0, max: 99 }),
		toleranceSeconds: fc.option(
			fc.oneof(fc.integer({ min: 0, max: 3600 }), fc.constantFrom(0, 1, 300, -1, Number.NaN, Number.POSITIVE_INFINITY)),
			{
				nil: undefined,
			},
		),
	})
	.map(({ withTimestamp, withId, ...config }) => {
		const template = config.signedContent || '{body}';
		// Mostly consistent, sometimes missing the header the template needs (a misconfiguration that must
		// refuse everything), sometimes an extra header the template does not use.
		const needsTs = template.includes('{timestamp}');
		const needsId = template.includes('{id}');
		const keepTs = needsTs ? withTimestamp >= 3 : withTimestamp < 30;
		const keepId = needsId ? withId >= 3 : withId < 20;
		return {
			method: 'hmac' as const,
			...config,
			timestampHeader: keepTs ? config.timestampHeader : undefined,
			idHeader: keepId ? config.idHeader : undefined,
		};
	});

export const senderFor = (config: HmacOptions): HmacSender => ({
	algorithm: config.algorithm,
	encoding: config.encoding,
	header: config.signatureHeader,
	prefix: config.signaturePrefix ?? '',
	template: config.signedContent || '{body}',
	timestampHeader: config.timestampHeader,
	idHeader: config.idHeader,
	tolerance: effectiveTolerance(config.toleranceSeconds),
});

export function hmacCase(g: G, config: VerificationConfig, sender: HmacSender): Case {
	const keyEq = (a: Buffer, b: Buffer) => sameHmacKey(a, b, sender.algorithm);
	const plan = planSecrets(g, utf8SecretArb, utf8Key, undefined, keyEq);
	const body = draw(g, bodyArb);
	const ts = draw(g, timestampArb);
	const id = draw(g, messageIdArb);
	const checksAge = sender.timestampHeader !== undefined;
	const tsSigned = sender.template.includes('{timestamp}');
	const idSigned = sender.template.includes('{id}');
	const misconfigured = (tsSigned && !sender.timestampHeader) || (idSigned && !sender.idHeader);

	const content = (values: { body?: Buffer; timestamp?: string; id?: string; template?: string } = {}) =>
		renderTemplate(values.template ?? sender.template, {
			body: values.body ?? body,
			timestamp: values.timestamp ?? String(ts),
			id: values.id ?? id,
		});
	const genuine = mac(sender.algorithm, utf8Key(plan.signer)!, content());
	const canonical = VARIANTS[sender.encoding][0];
	const variant = chance(g, 70) ? canonical : pick(g, VARIANTS[sender.encoding]);
	const mask = g(fc.nat);
	const render = (bytes: Buffer) => `${sender.prefix}${encodeAs(bytes, variant, mask)}`;
	/** What a signature of these bytes, written in this case's variant, must verify as. */
	const verdict = (bytes: Buffer, label: SecretLabel | undefined): Expect => {
		if (bytes.length !== DIGEST_BYTES[sender.algorithm])
			return refuse('malformed_header', ...(sender.prefix ? [] : (['missing_header'] as const)));
		if (!variantAccepted(variant, encodeAs(bytes, variant, mask))) return refuse('malformed_header');
		return label ? accept(label) : refuse('signature_mismatch');
	};

	const entries: Entry[] = [[sender.header, render(genuine)]];
	if (checksAge) entries.push([sender.timestampHeader!, String(ts)]);
	if (idSigned && sender.idHeader) entries.push([sender.idHeader, id]);

	const draft: Draft = {
		config,
		entries,
		body,
		secrets: plan.secrets,
		nowMs: checksAge ? freshNow(g, ts, sender.tolerance) : draw(g, timestampArb) * 1000,
		expect: verdict(genuine, plan.label),
		steps: [...plan.steps, `variant:${variant}`],
	};
	if (!misconfigured && variant === canonical) {
		const headers: Record<string, string> = Object.fromEntries(entries.map(([k, v]) => [k, v as string]));
		draft.signCheck = {
			secret: plan.signer,
			input: { body, id: idSigned ? id : undefined, timestampSeconds: ts },
			headers,
		};
	}
	if (misconfigured) {
		// The template needs a header the configuration does not name: nothing can verify.
		draft.expect = refuse();
		draft.steps.push('misconfigured');
	}

	const slots: Slot[] = [{ name: sender.header, missing: 'missing_header' }];
	if (checksAge) slots.push({ name: sender.timestampHeader!, missing: 'missing_timestamp' });
	if (idSigned && sender.idHeader) slots.push({ name: sender.idHeader, missing: 'missing_header' });
	const reserved = [sender.header, sender.timestampHeader, sender.idHeader].filter((n): n is string => Boolean(n));

	if (draft.expect.ok && chance(g, 50)) {
		hmacHostile(g, draft, {
			sender,
			slots,
			body,
			ts,
			id,
			content,
			genuine,
			render,
			verdict,
			tsSigned,
			idSigned,
			checksAge,
		});
	} else if (sender.idHeader && !idSigned && chance(g, 30)) {
		draft.entries.push([sender.idHeader, draw(g, junkTextArb)]); // an id header the template ignores
		draft.steps.push('unusedIdHeader');
	}
	draft.steps.push(...reshape(g, draft.entries, reserved));
	addNoise(g, draft.entries, reserved);
	return finish(draft);
}

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

function hmacHostile(g: G, draft: Draft, p: HmacParts): void {
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

// ---- Standard Webhooks ----------------------------------------------------------------------------------------

export function standardWebhooksCase(g: G): Case {
	const toleranceSeconds = chance(g, 70)
		? undefined
		: draw(g, fc.oneof(fc.integer({ min: 0, max: 3600 }), fc.constantFrom(-5, Number.NaN)));
	const tolerance = effectiveTolerance(toleranceSeconds);
	const config: VerificationConfig =
		toleranceSeconds === undefined ? { method: 'standardWebhooks' } : { method: 'standardWebhooks', toleranceSeconds };
	const plan = planSecrets(g, standardSecretArb, standardKey, unusableStandardSecretArb, sameHmacKey);
	const body = draw(g, bodyArb);
	const ts = draw(g, timestampArb);
	const id = draw(g, messageIdArb);
	const content = (o: { body?: Buffer; ts?: string; id?: string } = {}) =>
		Buffer.concat([Buffer.from(`${o.id ?? id}.${o.ts ?? String(ts)}.`, 'utf8'), o.body ?? body]);
	const sign = (key: Buffer, o?: Parameters<typeof content>[0]) => mac('sha256', key, content(o));
	const genuine = sign(standardKey(plan.signer)!);
	const genuineEntry = `v1,${genuine.toString('base64')}`;

	// The signature list: the genuine entry, maybe among others that must be skipped, maybe with the
	// rotation's other signature (then the current secret wins).
	const list: string[] = [genuineEntry];
	let okLabel: SecretLabel = plan.label;
	let otherGenuine = false;
	if (chance(g, 40)) {
		const junk = draw(
			g,
			fc.array(
				fc.oneof(
					fc.constant('v1,'),
					fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `v1,${Buffer.from(b).toString('base64')}`),
					fc
						.uint8Array({ minLength: 1, maxLength: 40 })
						.map((b) => `${pick(g, ['v2', 'v1a', 'V1', 'v0', ''])},${Buffer.from(b).toString('base64')}`),
					fc.constantFrom('v1,notbase64!', 'garbage', 'v1', 'v1a,xyz', 'v1,AAAA'),
				),
				{ minLength: 1, maxLength: 3 },
			),
		);
		list.splice(0, 0, ...junk);
	}
	if (plan.secrets.previous && chance(g, 30)) {
		const otherKey = standardKey(plan.label === 'current' ? plan.secrets.previous : plan.secrets.current);
		if (otherKey) {
			list.push(`v1,${sign(otherKey).toString('base64')}`);
			okLabel = 'current';
			otherGenuine = !sameHmacKey(otherKey, standardKey(plan.signer)!);
		}
	}
	const order = draw(g, fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }));
	const separator = () => (chance(g, 85) ? ' ' : '  ');
	let signature = order.reduce((text, entry, i) => (i === 0 ? entry : `${text}${separator()}${entry}`), '');
	if (chance(g, 5)) signature = ` ${signature} `; // stray outer spaces only make empty entries

	// Svix's original header names are read when the standard ones are absent, header by header.
	const names = { id: 'webhook-id', timestamp: 'webhook-timestamp', signature: 'webhook-signature' };
	for (const key of Object.keys(names) as Array<keyof typeof names>) if (chance(g, 15)) names[key] = `svix-${key}`;
	const entries: Entry[] = [
		[names.id, id],
		[names.timestamp, String(ts)],
		[names.signature, signature],
	];
	const draft: Draft = {
		config,
		entries,
		body,
		secrets: plan.secrets,
		nowMs: freshNow(g, ts, tolerance),
		expect: accept(okLabel),
		steps: [...plan.steps, `names:${Object.values(names).join('/')}`, `list:${order.length}`],
	};
	if (order.length === 1 && !signature.startsWith(' ') && Object.values(names).every((n) => n.startsWith('webhook-'))) {
		draft.signCheck = {
			secret: plan.signer,
			input: { body, id, timestampSeconds: ts },
			headers: { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': genuineEntry },
		};
	}
	const slots: Slot[] = [
		{ name: names.id, missing: 'missing_header' },
		{ name: names.timestamp, missing: 'missing_timestamp' },
		{ name: names.signature, missing: 'missing_header' },
	];
	const reserved = [
		'webhook-id',
		'webhook-timestamp',
		'webhook-signature',
		'svix-id',
		'svix-timestamp',
		'svix-signature',
	];

	if (chance(g, 50)) {
		const kinds: string[] = ['body', 'slot', 'noSecret', 'badSecret', ...CLOCK_KINDS, 'idChanged'];
		// With the rotation's other signature in the list, replacing the genuine one still verifies.
		if (!otherGenuine) kinds.push('wrongSecret', 'entry', 'onlyJunk');
		const kind = pick(g, kinds);
		const setEntry = (entry: string) => setValue(draft, names.signature, signature.replace(genuineEntry, entry));
		if (isClockKind(kind))
			clockMutation(g, draft, kind, ts, tolerance, (text) => setValue(draft, names.timestamp, text));
		switch (kind) {
			case 'body':
				bodyMutation(g, draft, body);
				break;
			case 'slot': {
				slotMutation(g, draft, pick(g, slots));
				// Junk in a header reads as whatever it resembles: refused, for one reason or another.
				if (!draft.expect.ok && draft.steps.at(-1)?.startsWith('junk')) draft.expect = refuse();
				break;
			}
			case 'wrongSecret': {
				const wrong = draw(
					g,
					fc.oneof(
						standardSecretArb,
						fc.constant(plan.signer).map((s) => `${s}x`),
					),
				);
				const key = standardKey(wrong) ?? Buffer.from(wrong, 'utf8');
				wrongKeyMutation(draft, key, standardKey, () =>
					setValue(draft, names.signature, `v1,${sign(key).toString('base64')}`),
				);
				break;
			}
			case 'noSecret':
				noSecretMutation(g, draft);
				break;
			case 'badSecret': {
				// The current secret is not a Standard Webhooks secret; or the sender used the secret's text as
				// the key (as Stripe does), which is a different key.
				if (chance(g, 50)) {
					draft.steps.push('badSecret');
					draft.secrets = { ...draft.secrets, current: draw(g, unusableStandardSecretArb) };
					draft.expect = refuse('invalid_secret');
				} else {
					draft.steps.push('utf8Key');
					setValue(draft, names.signature, `v1,${sign(Buffer.from(plan.signer, 'utf8')).toString('base64')}`);
					draft.expect = refuse('signature_mismatch');
				}
				break;
			}
			case 'idChanged':
				idMutation(g, draft, id, names.id);
				break;
			case 'entry': {
				const b64 = genuine.toString('base64');
				const [how, entry] = pick(g, [
					['version', `${pick(g, ['v2', 'V1', 'v1a', 'v', ''])},${b64}`],
					['separator', `v1${pick(g, ['=', ';', ':', ', ', ''])}${b64}`],
					['flip', `v1,${flipBit(g, genuine).toString('base64')}`],
					['truncate', `v1,${genuine.subarray(0, 31).toString('base64')}`],
					['extend', `v1,${Buffer.concat([genuine, Buffer.from([0])]).toString('base64')}`],
					['url', `v1,${genuine.toString('base64url')}`],
					['unpadded', `v1,${b64.replace(/=+$/, '')}`],
					['nonCanonical', `v1,${nonCanonicalBase64(b64)}`],
					['hex', `v1,${genuine.toString('hex')}`],
					['tab', `v1,${b64}\t`],
					['innerSpace', `v1,${insertAt(g, b64, '\t')}`],
					['quoted', `v1,"${b64}"`],
				] as const);
				if (entry === genuineEntry) break;
				draft.steps.push(`entry:${how}`);
				setEntry(entry);
				draft.expect = refuse('malformed_header', 'signature_mismatch');
				break;
			}
			case 'onlyJunk': {
				draft.steps.push('onlyJunk');
				const joined = chance(g, 50) ? order.join(',') : `${order.join('\t')}`;
				if (order.length > 1 && chance(g, 50)) {
					setValue(draft, names.signature, joined);
				} else {
					setValue(
						draft,
						names.signature,
						`v1,${Buffer.from(draw(g, fc.uint8Array({ minLength: 32, maxLength: 32 }))).toString('base64')}`,
					);
				}
				draft.expect = refuse('malformed_header', 'signature_mismatch');
				break;
			}
		}
	} else {
		if (chance(g, 15)) {
			// The standard header is present but blank, Svix's carries the value: blank means absent.
			const standard = slots.filter((s) => s.name.startsWith('webhook-'));
			const slot = standard.length ? pick(g, standard) : undefined;
			if (slot) {
				const svix = slot.name.replace('webhook-', 'svix-');
				draft.entries.push([svix, valueOf(draft, slot.name)]);
				setValue(draft, slot.name, '');
				draft.steps.push(`blankStandard:${slot.name}`);
			}
		} else if (chance(g, 15)) {
			// Both names present: the standard one wins, Svix's is ignored whatever it holds.
			const standard = slots.filter((s) => s.name.startsWith('webhook-'));
			const slot = standard.length ? pick(g, standard) : undefined;
			if (slot) {
				draft.entries.push([slot.name.replace('webhook-', 'svix-'), draw(g, junkTextArb)]);
				draft.steps.push(`svixIgnored:${slot.name}`);
			}
		} else if (chance(g, 20)) {
			// The same key with or without whsec_.
			const current = draft.secrets.current;
			draft.secrets = {
				...draft.secrets,
				current: current.startsWith('whsec_') ? current.slice(6) : `whsec_${current}`,
			};
			draft.steps.push('togglePrefix');
		}
	}
	draft.steps.push(
		...reshape(
			g,
			draft.entries,
			slots.map((s) => s.name),
		),
	);
	addNoise(g, draft.entries, reserved);
	return finish(draft);
}

// ---- Stripe ------------------------------------------------------------------------------------------------------

export function stripeCase(g: G, config: VerificationConfig): Case {
	const tolerance = effectiveTolerance((config as { toleranceSeconds?: number }).toleranceSeconds);
	const plan = planSecrets(g, utf8SecretArb, utf8Key, undefined, sameHmacKey);
	const body = draw(g, bodyArb);
	const ts = draw(g, timestampArb);
	const sign = (key: Buffer, tsText = String(ts), signedBody = body) =>
		mac('sha256', key, Buffer.concat([Buffer.from(`${tsText}.`, 'utf8'), signedBody]));
	const genuine = sign(utf8Key(plan.signer)!);
	const hex = chance(g, 85) ? genuine.toString('hex') : genuine.toString('hex').toUpperCase();
	const tItem = `t=${ts}`;
	const vItem = `v1=${hex}`;
	let label: SecretLabel = plan.label;

	const items = [tItem, vItem];
	const noisy = chance(g, 40);
	let otherGenuine = false;
	if (noisy) {
		const extra = draw(
			g,
			fc.array(
				fc.oneof(
					fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `v0=${Buffer.from(b).toString('hex')}`),
					fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `v1=${Buffer.from(b).toString('hex')}`),
					fc.constantFrom('v1=', 'v1=abc', 'v1=zz', 'foo=bar', 'v2=1234', 'scheme=v1', 'v1=' + 'a'.repeat(63), 'v1==x'),
				),
				{ minLength: 1, maxLength: 3 },
			),
		);
		items.push(...extra);
		if (plan.secrets.previous && chance(g, 40)) {
			const otherKey = utf8Key(plan.label === 'current' ? plan.secrets.previous : plan.secrets.current)!;
			items.push(`v1=${sign(otherKey).toString('hex')}`);
			label = 'current';
			otherGenuine = !sameHmacKey(otherKey, utf8Key(plan.signer)!);
		}
	}
	const order = noisy
		? draw(g, fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }))
		: items;
	const header = 'Stripe-Signature';
	const draft: Draft = {
		config,
		entries: [[header, order.join(',')]],
		body,
		secrets: plan.secrets,
		nowMs: freshNow(g, ts, tolerance),
		expect: accept(label),
		steps: [...plan.steps, `items:${order.length}`],
	};
	if (!noisy && hex === genuine.toString('hex')) {
		draft.signCheck = {
			secret: plan.signer,
			input: { body, timestampSeconds: ts },
			headers: { [header]: `${tItem},${vItem}` },
		};
	}
	const slot: Slot = { name: header, missing: 'missing_header' };
	const setItems = (next: string[]) => setValue(draft, header, next.join(','));
	const replaceItem = (from: string, to: string | undefined) =>
		setItems(order.flatMap((item) => (item === from ? (to === undefined ? [] : [to]) : [item])));

	if (chance(g, 50)) {
		const kinds: string[] = [
			'body',
			'slot',
			'noSecret',
			'prefixKey',
			...CLOCK_KINDS,
			'tsMissing',
			'tsTwice',
			'item',
			'commaJoin',
		];
		// With the rotation's other signature in the list, replacing the genuine one still verifies.
		if (!otherGenuine) kinds.push('wrongSecret', 'sig', 'space');
		const kind = pick(g, kinds);
		if (isClockKind(kind)) clockMutation(g, draft, kind, ts, tolerance, (text) => replaceItem(tItem, `t=${text}`));
		switch (kind) {
			case 'body':
				bodyMutation(g, draft, body);
				break;
			case 'slot':
				slotMutation(g, draft, slot);
				break;
			case 'wrongSecret': {
				const key = utf8Key(draw(g, utf8SecretArb))!;
				wrongKeyMutation(draft, key, utf8Key, () => replaceItem(vItem, `v1=${sign(key).toString('hex')}`));
				break;
			}
			case 'noSecret':
				noSecretMutation(g, draft);
				break;
			case 'prefixKey': {
				// Stripe keys are the whole secret text: without whsec_, or base64-decoded, they are other keys.
				const text = plan.signer.startsWith('whsec_') ? plan.signer.slice(6) : `whsec_${plan.signer}`;
				const key = chance(g, 50)
					? Buffer.from(text, 'utf8')
					: Buffer.from(plan.signer.replace(/^whsec_/, ''), 'base64');
				if (sameHmacKey(key, utf8Key(plan.signer)!) || labelOf(key, draft.secrets, utf8Key, sameHmacKey)) break;
				draft.steps.push('prefixKey');
				setItems([tItem, `v1=${sign(key).toString('hex')}`]);
				draft.expect = refuse('signature_mismatch');
				break;
			}
			case 'tsMissing':
				draft.steps.push('tsMissing');
				replaceItem(tItem, chance(g, 50) ? undefined : `T=${ts}`);
				draft.expect = refuse('missing_timestamp');
				break;
			case 'tsTwice': {
				// Two timestamps make the reading ambiguous, even when they agree.
				draft.steps.push('tsTwice');
				const second = chance(g, 50) ? tItem : `t=${draw(g, timestampArb)}`;
				setItems([...order.slice(0, 1), second, ...order.slice(1)]);
				draft.expect = refuse('malformed_header');
				break;
			}
			case 'item': {
				const [how, bad] = pick(g, [
					['noEquals', 'garbage'],
					['emptyItem', ''],
					['leadingEquals', '=x'],
				] as const);
				draft.steps.push(`item:${how}`);
				const at = int(g, 0, order.length);
				setItems([...order.slice(0, at), bad, ...order.slice(at)]);
				draft.expect = refuse('malformed_header');
				break;
			}
			case 'sig': {
				const [how, item] = pick(g, [
					['flip', `v1=${flipBit(g, genuine).toString('hex')}`],
					['truncate', `v1=${hex.slice(0, 62)}`],
					['odd', `v1=${hex.slice(0, 63)}`],
					['extend', `v1=${hex}00`],
					['base64', `v1=${genuine.toString('base64')}`],
					['renamed', `${pick(g, ['v0', 'V1', 'v2', 'v1 '])}=${hex}`],
					['0x', `v1=0x${hex}`],
					['nonHex', `v1=${hex.slice(0, 63)}g`],
				] as const);
				draft.steps.push(`sig:${how}`);
				replaceItem(vItem, item);
				draft.expect = refuse('malformed_header', 'signature_mismatch');
				break;
			}
			case 'space': {
				// Whitespace around the items that matter: Stripe's format has none, so they no longer read.
				const target = pick(g, [tItem, vItem]);
				const spaced = chance(g, 50) ? ` ${target}` : `${target}${pick(g, WHITESPACE)}`;
				draft.steps.push(`space:${target === tItem ? 't' : 'v1'}`);
				replaceItem(target, spaced);
				draft.expect = refuse('missing_timestamp', 'invalid_timestamp', 'malformed_header', 'signature_mismatch');
				break;
			}
			case 'commaJoin': {
				// A proxy joining two copies of the header with ", ": the second t reads as " t", an unknown key.
				draft.steps.push('commaJoin');
				const value = order.join(',');
				setValue(draft, header, `${value}, ${value}`);
				if (!order[0].startsWith('t=')) draft.expect = refuse('malformed_header');
				break;
			}
		}
	}
	draft.steps.push(...reshape(g, draft.entries, [header]));
	addNoise(g, draft.entries, [header]);
	return finish(draft);
}

// ---- bearer and header tokens -------------------------------------------------------------------------------------

const tokenLabel = (token: string, secrets: Secrets): SecretLabel | undefined =>
	token === secrets.current ? 'current' : secrets.previous && token === secrets.previous ? 'previous' : undefined;

/** Another token in the scheme's header (`value` is how it is written there): it verifies only if it is one of
 * the secrets. */
function wrongTokenMutation(draft: Draft, header: string, token: string, value = token): void {
	draft.steps.push('wrongSecret');
	setValue(draft, header, value);
	const hit = tokenLabel(token, draft.secrets);
	draft.expect = hit ? accept(hit) : refuse('signature_mismatch');
}

function tokenMutation(g: G, token: string): [string, string] {
	const at = int(g, 0, Math.max(0, token.length - 1));
	const options: Array<[string, () => string]> = [
		['append', () => `${token}${pick(g, ['x', '=', '0', '.'])}`],
		['dropLast', () => token.slice(0, -1)],
		['dropFirst', () => token.slice(1)],
		['change', () => `${token.slice(0, at)}${token[at] === 'a' ? 'b' : 'a'}${token.slice(at + 1)}`],
		[
			'caseFlip',
			() =>
				`${token.slice(0, at)}${token[at] === token[at].toUpperCase() ? token[at].toLowerCase() : token[at].toUpperCase()}${token.slice(at + 1)}`,
		],
		['doubled', () => `${token}${token}`],
		['prefix', () => token.slice(0, Math.max(0, Math.floor(token.length / 2)))],
		['quoted', () => `"${token}"`],
	];
	const [how, make] = pick(g, options);
	return [how, make()];
}

export function bearerCase(g: G): Case {
	const plan = planSecrets(g, tokenArb, utf8Key);
	const config: VerificationConfig = { method: 'bearer' };
	const word = pick(g, ['Bearer', 'Bearer', 'Bearer', 'bearer', 'BEARER', 'bEaReR']);
	const value = `${word} ${plan.signer}`;
	const draft: Draft = {
		config,
		entries: [['Authorization', value]],
		body: chance(g, 80) ? draw(g, bodyArb) : undefined, // a token scheme needs no body
		secrets: plan.secrets,
		nowMs: Date.now(),
		expect: accept(plan.label),
		steps: [...plan.steps, `word:${word}`],
	};
	if (word === 'Bearer')
		draft.signCheck = { secret: plan.signer, input: { body: Buffer.alloc(0) }, headers: { Authorization: value } };
	if (chance(g, 50)) {
		const kind = pick(g, ['token', 'token', 'form', 'form', 'slot', 'wrongSecret', 'noSecret', 'otherHeader']);
		switch (kind) {
			case 'token': {
				const [how, token] = tokenMutation(g, plan.signer);
				draft.steps.push(`token:${how}`);
				setValue(draft, 'Authorization', `${word} ${token}`);
				const hit = token !== '' && !/\s/.test(token) ? tokenLabel(token, draft.secrets) : undefined;
				draft.expect = hit ? accept(hit) : token === '' ? refuse('malformed_header') : refuse('signature_mismatch');
				break;
			}
			case 'form': {
				const [how, text] = pick(g, [
					['doubleSpace', `${word}  ${plan.signer}`],
					['tab', `${word}\t${plan.signer}`],
					['lead', ` ${value}`],
					['trail', `${value} `],
					['noSpace', `${word}${plan.signer}`],
					['wordOnly', word],
					['emptyToken', `${word} `],
					['basic', `Basic ${Buffer.from(`user:${plan.signer}`).toString('base64')}`],
					['token', `Token ${plan.signer}`],
					['colon', `${word}: ${plan.signer}`],
					['extra', `${value} extra`],
					['tokenOnly', plan.signer],
					['nbsp', `${word}\u00a0${plan.signer}`],
					['twoBearers', `${value}, ${value}`],
				] as const);
				draft.steps.push(`form:${how}`);
				setValue(draft, 'Authorization', text);
				draft.expect = refuse('malformed_header', ...(text.trim() === '' ? (['missing_header'] as const) : []));
				break;
			}
			case 'slot':
				slotMutation(g, draft, { name: 'Authorization', missing: 'missing_header' });
				if (draft.steps.at(-1)?.startsWith('junk') && !draft.expect.ok)
					draft.expect = refuse('malformed_header', 'signature_mismatch', 'missing_header');
				break;
			case 'wrongSecret': {
				const wrong = draw(g, tokenArb);
				wrongTokenMutation(draft, 'Authorization', wrong, `${word} ${wrong}`);
				break;
			}
			case 'noSecret':
				noSecretMutation(g, draft);
				break;
			case 'otherHeader':
				// The right token in the wrong place.
				draft.steps.push('otherHeader');
				draft.entries = [[pick(g, ['X-Api-Key', 'Proxy-Authorization', 'X-Authorization']), value]];
				draft.expect = refuse('missing_header');
				break;
		}
	}
	draft.steps.push(...reshape(g, draft.entries, ['Authorization']));
	addNoise(g, draft.entries, ['authorization']);
	return finish(draft);
}

export function headerTokenCase(g: G): Case {
	const headerName = draw(
		g,
		fc.oneof(fc.constantFrom('X-Api-Key', 'X-Webhook-Token', 'X-Auth-Token', 'Api-Key'), headerNameArb('X-Token-')),
	);
	const config: VerificationConfig = { method: 'headerToken', headerName };
	const plan = planSecrets(g, headerTokenArb, utf8Key);
	const draft: Draft = {
		config,
		entries: [[headerName, plan.signer]],
		body: chance(g, 80) ? draw(g, bodyArb) : undefined,
		secrets: plan.secrets,
		nowMs: Date.now(),
		expect: accept(plan.label),
		steps: [...plan.steps, `header:${headerName}`],
	};
	draft.signCheck = { secret: plan.signer, input: { body: Buffer.alloc(0) }, headers: { [headerName]: plan.signer } };
	if (chance(g, 50)) {
		const kind = pick(g, ['token', 'token', 'form', 'slot', 'wrongSecret', 'noSecret', 'otherHeader']);
		switch (kind) {
			case 'token': {
				const [how, token] = tokenMutation(g, plan.signer);
				draft.steps.push(`token:${how}`);
				setValue(draft, headerName, token);
				const hit = tokenLabel(token, draft.secrets);
				draft.expect = hit ? accept(hit) : token === '' ? refuse('missing_header') : refuse('signature_mismatch');
				break;
			}
			case 'form': {
				const text = pick(g, [
					` ${plan.signer}`,
					`${plan.signer} `,
					`Bearer ${plan.signer}`,
					`${plan.signer}\n`,
					`${plan.signer},${plan.signer}`,
					`${plan.signer}, ${plan.signer}`,
				]);
				draft.steps.push('form');
				setValue(draft, headerName, text);
				const hit = tokenLabel(text, draft.secrets);
				draft.expect = hit ? accept(hit) : refuse('signature_mismatch');
				break;
			}
			case 'slot':
				slotMutation(g, draft, { name: headerName, missing: 'missing_header' });
				if (draft.steps.at(-1)?.startsWith('junk') && !draft.expect.ok) {
					const junk = valueOf(draft, headerName);
					const hit = tokenLabel(junk, draft.secrets);
					draft.expect = hit ? accept(hit) : refuse('signature_mismatch', 'missing_header');
				}
				break;
			case 'wrongSecret': {
				wrongTokenMutation(draft, headerName, draw(g, headerTokenArb));
				break;
			}
			case 'noSecret':
				noSecretMutation(g, draft);
				break;
			case 'otherHeader': {
				draft.steps.push('otherHeader');
				const other = headerName.toLowerCase() === 'authorization' ? 'X-Other' : 'Authorization';
				draft.entries = [[other, plan.signer]];
				draft.expect = refuse('missing_header');
				break;
			}
		}
	}
	draft.steps.push(...reshape(g, draft.entries, [headerName]));
	addNoise(g, draft.entries, [headerName]);
	return finish(draft);
}

// ---- none ---------------------------------------------------------------------------------------------------------

/** `none` verifies nothing: whatever arrives passes, with or without body and secrets. */
export function noneCase(g: G): Case {
	const entries: Entry[] = [];
	addNoise(g, entries, []);
	if (chance(g, 50))
		entries.push([
			pick(g, ['Authorization', 'X-Hub-Signature-256', 'Stripe-Signature', 'webhook-signature']),
			draw(g, junkTextArb),
		]);
	return {
		steps: ['none'],
		config: { method: 'none' },
		input: {
			rawBody: chance(g, 80) ? draw(g, bodyArb) : undefined,
			headers: toBag(entries),
			secrets: { current: chance(g, 50) ? draw(g, utf8SecretArb) : '' },
			nowMs: Date.now(),
		},
		expect: accept('none'),
	};
}
