import { Buffer } from 'node:buffer';

import fc from 'fast-check';

import type { HeaderBag, HmacAlgorithm, SignatureEncoding } from '../../../../nodes/core/verification';

/** Draws values inside a property, like fc.gen() but without its memo of every arbitrary ever drawn (which
 * grows with each fresh arbitrary and is deep-compared on every draw: slow, and out of memory at 10,000s of
 * cases). A failing case replays from fast-check's seed and path; it is not shrunk, so checks report the
 * steps that built it instead. */
export type G = <T, TArgs extends unknown[]>(builder: (...args: TArgs) => fc.Arbitrary<T>, ...args: TArgs) => T;

class GeneratorArbitrary extends fc.Arbitrary<G> {
	generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<G> {
		const rng = mrng.clone();
		const g: G = (builder, ...args) => builder(...args).generate(rng, biasFactor).value;
		return new fc.Value(g, undefined);
	}

	canShrinkWithoutContext(_value: unknown): _value is G {
		return false;
	}

	shrink(): fc.Stream<fc.Value<G>> {
		return fc.Stream.nil();
	}
}

export const generator = (): fc.Arbitrary<G> => new GeneratorArbitrary();
export type HeaderValue = string | string[] | undefined;
export type Entry = [name: string, value: HeaderValue];

export const int = (g: G, min: number, max: number): number => g(fc.integer, { min, max });
export const pick = <T>(g: G, items: readonly T[]): T => items[int(g, 0, items.length - 1)];
export const chance = (g: G, percent: number): boolean => int(g, 1, 100) <= percent;
export const draw = <T>(g: G, arbitrary: fc.Arbitrary<T>): T => g(() => arbitrary);

export const same = (a: Buffer, b: Buffer): boolean => a.length === b.length && a.equals(b);

// ---- bodies, timestamps, ids --------------------------------------------------------------------------

export const bodyArb: fc.Arbitrary<Buffer> = fc.oneof(
	{ weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null')) },
	{ weight: 2, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)) },
	{ weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }).map((text) => Buffer.from(text, 'utf8')) },
	{ weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
);

/** Unix seconds a sender may stamp: mostly realistic, sometimes anywhere the 12-digit rule allows. */
export const timestampArb = fc.oneof(
	{ weight: 4, arbitrary: fc.integer({ min: 1_500_000_000, max: 2_100_000_000 }) },
	{ weight: 1, arbitrary: fc.integer({ min: 0, max: 999_999_999_999 }) },
);

export const messageIdArb = fc.oneof(
	fc.uuid().map((uuid) => `msg_${uuid.replaceAll('-', '')}`),
	fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 30 }).filter((id) => id.trim() === id && id !== ''),
	fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((id) => id.trim() === id && id !== ''),
);

/** Any code points, lone surrogates included (built once: fast-check indexes the whole range). */
export const binaryTextArb = fc.string({ unit: 'binary', maxLength: 20 });

/** Text a forger or a broken proxy might put in any header. */
export const junkTextArb = fc.oneof(
	fc.string({ maxLength: 40 }),
	binaryTextArb,
	fc.constantFrom(
		'',
		' ',
		'\t',
		'null',
		'undefined',
		'0',
		'-1',
		'v1,',
		't=',
		'=',
		',',
		',,',
		'Bearer',
		'sha256=',
		'v0=',
		'__proto__',
	),
	fc.stringMatching(/^[0-9a-f]{64}$/),
	fc.uint8Array({ minLength: 1, maxLength: 70 }).map((bytes) => Buffer.from(bytes).toString('base64')),
);

// ---- header bags -------------------------------------------------------------------------------------

const swapCase = (text: string) =>
	[...text].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');

/** The same header name in a random spelling (HTTP names are case-insensitive). */
export function recase(g: G, name: string): string {
	switch (int(g, 0, 3)) {
		case 0:
			return name;
		case 1:
			return name.toLowerCase();
		case 2:
			return name.toUpperCase();
		default: {
			const mask = g(fc.nat);
			return [...name].map((c, i) => ((mask >> i % 31) & 1 ? c.toUpperCase() : c.toLowerCase())).join('');
		}
	}
}

/** Another spelling of `name` not yet used as a key in `entries`, or undefined if there is none. */
export function otherSpelling(g: G, entries: readonly Entry[], name: string): string | undefined {
	const used = new Set(entries.map(([key]) => key));
	const mask = g(fc.nat);
	const masked = [...name].map((c, i) => ((mask >> i % 31) & 1 ? c.toUpperCase() : c.toLowerCase())).join('');
	const options = [...new Set([name.toLowerCase(), name.toUpperCase(), swapCase(name), masked, name])].filter(
		(option) => !used.has(option),
	);
	return options.length ? pick(g, options) : undefined;
}

export const findEntry = (entries: readonly Entry[], name: string): number =>
	entries.findIndex(([key]) => key.toLowerCase() === name.toLowerCase());

/** A header bag as n8n hands it over. Every name is an own property, `__proto__` included. */
export function toBag(entries: readonly Entry[]): HeaderBag {
	const bag: HeaderBag = {};
	for (const [name, value] of entries) {
		if (Object.hasOwn(bag, name)) throw new Error(`test bug: header ${JSON.stringify(name)} twice`);
		Object.defineProperty(bag, name, { value, enumerable: true, writable: true, configurable: true });
	}
	return bag;
}

const NOISE_NAMES = [
	'content-type',
	'user-agent',
	'accept',
	'x-request-id',
	'x-forwarded-for',
	'__proto__',
	'constructor',
	'hasOwnProperty',
	'toString',
	'x-hub-signature',
	'x-signature',
	'signature',
	'x-webhook-id',
	'webhook-signature-2',
	'idempotency-key',
];

/** Benign noise: unrelated headers (some with array or undefined values), never one of `reserved`. */
export function addNoise(g: G, entries: Entry[], reserved: readonly string[]): void {
	const taken = new Set(reserved.map((name) => name.toLowerCase()));
	for (const [key] of entries) taken.add(key.toLowerCase());
	const count = int(g, 0, 3);
	for (let i = 0; i < count; i++) {
		const name = chance(g, 60)
			? pick(g, NOISE_NAMES)
			: `x-${draw(g, fc.string({ unit: fc.constantFrom(...'abcdefghij0123-'), minLength: 1, maxLength: 8 }))}`;
		if (taken.has(name.toLowerCase())) continue;
		taken.add(name.toLowerCase());
		const kind = int(g, 0, 9);
		const value: HeaderValue =
			kind === 0 ? undefined : kind === 1 ? [draw(g, junkTextArb), draw(g, junkTextArb)] : draw(g, junkTextArb);
		entries.splice(int(g, 0, entries.length), 0, [recase(g, name), value]);
	}
}

/** Benign reshaping of the scheme's own headers: spelling, one-element arrays, undefined and empty-array
 * aliases under another spelling (n8n and proxies produce all of these), and order. */
export function reshape(g: G, entries: Entry[], names: readonly string[]): string[] {
	const applied: string[] = [];
	for (const name of names) {
		const index = findEntry(entries, name);
		if (index < 0) continue;
		const [key, value] = entries[index];
		const spelled = recase(g, key);
		if (spelled !== key && !entries.some(([other]) => other === spelled)) entries[index] = [spelled, value];
		if (typeof value === 'string' && chance(g, 15)) {
			entries[index] = [entries[index][0], [value]];
			applied.push('array1');
		}
		if (chance(g, 10)) {
			const alias = otherSpelling(g, entries, name);
			if (alias !== undefined) {
				entries.push([alias, chance(g, 50) ? undefined : []]);
				applied.push('emptyAlias');
			}
		}
	}
	if (chance(g, 30)) {
		const shuffled = draw(g, fc.shuffledSubarray(entries, { minLength: entries.length, maxLength: entries.length }));
		entries.splice(0, entries.length, ...shuffled);
	}
	return applied;
}

// ---- signatures ----------------------------------------------------------------------------------------

export const DIGEST_BYTES: Readonly<Record<HmacAlgorithm, number>> = { sha1: 20, sha256: 32, sha512: 64 };

export function flipBit(g: G, bytes: Buffer): Buffer {
	const copy = Buffer.from(bytes);
	if (copy.length === 0) return Buffer.from([1]);
	copy[int(g, 0, copy.length - 1)] ^= 1 << int(g, 0, 7);
	return copy;
}

export type EncodingVariant =
	| 'hex'
	| 'HEX'
	| 'hexMixed'
	| 'base64'
	| 'base64url'
	| 'base64urlUnpadded'
	| 'base64Unpadded';

export const VARIANTS: Readonly<Record<SignatureEncoding, readonly EncodingVariant[]>> = {
	hex: ['hex', 'HEX', 'hexMixed'],
	base64: ['base64', 'base64url', 'base64urlUnpadded', 'base64Unpadded'],
};

export function encodeAs(bytes: Buffer, variant: EncodingVariant, mask = 0): string {
	switch (variant) {
		case 'hex':
			return bytes.toString('hex');
		case 'HEX':
			return bytes.toString('hex').toUpperCase();
		case 'hexMixed':
			return [...bytes.toString('hex')].map((c, i) => ((mask >> i % 31) & 1 ? c.toUpperCase() : c)).join('');
		case 'base64':
			return bytes.toString('base64');
		case 'base64url':
			return bytes.toString('base64url') + '='.repeat((4 - (bytes.toString('base64url').length % 4)) % 4);
		case 'base64urlUnpadded':
			return bytes.toString('base64url');
		case 'base64Unpadded':
			return bytes.toString('base64').replace(/=+$/, '');
	}
}

/** Whether a signature written in `variant` must still verify: the verifier reads hex in any case, standard
 * base64 with its padding and base64url with or without; standard base64 stripped of its padding is only
 * base64url in disguise when it has no '+' or '/'. */
export function variantAccepted(variant: EncodingVariant, text: string): boolean {
	return variant !== 'base64Unpadded' || !/[+/]/.test(text) || text.length % 4 === 0;
}

/** Sets an unused low bit of the last base64 digit: the same bytes under Buffer's lax decoding, but not the
 * canonical text, so a strict verifier must refuse it (undefined when the length leaves no spare bits). */
export function nonCanonicalBase64(text: string): string | undefined {
	const alphabet = /[-_]/.test(text)
		? 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
		: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
	const data = text.replace(/=+$/, '');
	if (data.length % 4 === 0) return undefined;
	const last = alphabet.indexOf(data[data.length - 1]);
	return `${data.slice(0, -1)}${alphabet[last ^ 1]}${text.slice(data.length)}`;
}

export const WHITESPACE = [' ', '\t', '\n', '\r', '\u00a0', '\v'];

export function insertAt(g: G, text: string, insert: string): string {
	const at = int(g, 0, text.length);
	return `${text.slice(0, at)}${insert}${text.slice(at)}`;
}
