/** The parts of a signed request (core/verification/wire.ts): headers, signature encodings and signed content. */
import {
	buildSignedContent,
	getSingleHeader,
	readRequiredHeader,
	templateUses,
} from '../../../nodes/core/verification';
import {
	decodeBase64Signature,
	decodeHex,
	decodeSignature,
	decodeStandardBase64,
} from '../../../nodes/core/verification/wire';

describe('getSingleHeader', () => {
	it('finds a header whatever the case of its name or of the name asked for', () => {
		expect(getSingleHeader({ 'X-Hub-Signature-256': 'a' }, 'x-hub-signature-256')).toEqual({ value: 'a' });
		expect(getSingleHeader({ 'x-hub-signature-256': 'a' }, 'X-HUB-SIGNATURE-256')).toEqual({ value: 'a' });
	});

	it('takes the element of a one-element array', () => {
		expect(getSingleHeader({ 'x-sig': ['a'] }, 'X-Sig')).toEqual({ value: 'a' });
	});

	it('reports several values as a duplicate, whether in one array or under two spellings', () => {
		expect(getSingleHeader({ 'x-sig': ['a', 'b'] }, 'x-sig')).toEqual({ duplicate: true });
		expect(getSingleHeader({ 'x-sig': ['a', 'a'] }, 'x-sig')).toEqual({ duplicate: true });
		expect(getSingleHeader({ 'x-sig': ['a', ''] }, 'x-sig')).toEqual({ duplicate: true });
		expect(getSingleHeader({ 'x-sig': 'a', 'X-Sig': 'a' }, 'x-sig')).toEqual({ duplicate: true });
		expect(getSingleHeader({ 'x-sig': ['a'], 'X-SIG': ['b'] }, 'x-sig')).toEqual({ duplicate: true });
	});

	it('treats absent, undefined, empty and empty-array values as missing', () => {
		expect(getSingleHeader({}, 'x-sig')).toEqual({ missing: true });
		expect(getSingleHeader({ 'x-sig': undefined }, 'x-sig')).toEqual({ missing: true });
		expect(getSingleHeader({ 'x-sig': '' }, 'x-sig')).toEqual({ missing: true });
		expect(getSingleHeader({ 'x-sig': [] }, 'x-sig')).toEqual({ missing: true });
		expect(getSingleHeader({ 'x-sig': [''] }, 'x-sig')).toEqual({ missing: true });
		expect(getSingleHeader({ 'x-sig': undefined, 'X-Sig': 'a' }, 'x-sig')).toEqual({ value: 'a' });
	});

	it('does not take a value that is not text (headers copied from items may hold anything)', () => {
		expect(getSingleHeader({ 'x-ts': 1700000000 } as never, 'x-ts')).toEqual({ missing: true });
		expect(getSingleHeader({ 'x-ts': null } as never, 'x-ts')).toEqual({ missing: true });
	});

	it('keeps the value exactly, spaces included', () => {
		expect(getSingleHeader({ 'x-sig': ' a ' }, 'x-sig')).toEqual({ value: ' a ' });
	});

	it('does not match prefixes or similar names', () => {
		expect(getSingleHeader({ 'x-sig-2': 'a', 'x-si': 'b' }, 'x-sig')).toEqual({ missing: true });
	});
});

describe('readRequiredHeader', () => {
	it('turns the lookup into verification reasons', () => {
		expect(readRequiredHeader({ a: 'v' }, 'A')).toEqual({ ok: true, value: 'v' });
		expect(readRequiredHeader({}, 'A')).toEqual({ ok: false, reason: 'missing_header' });
		expect(readRequiredHeader({ a: ['v', 'w'] }, 'A')).toEqual({ ok: false, reason: 'duplicate_header' });
	});
});

const bytes = Buffer.from([0xfb, 0xff, 0x00, 0x3e, 0x3f]);
const hex = (buffer: Buffer | undefined) => buffer?.toString('hex');

describe('decodeHex', () => {
	it('accepts hex digits in either case, even length only', () => {
		expect(hex(decodeHex('fbff003e3f'))).toBe('fbff003e3f');
		expect(hex(decodeHex('FBFF003E3F'))).toBe('fbff003e3f');
		expect(hex(decodeHex('FbFf003e3F'))).toBe('fbff003e3f');
		expect(hex(decodeHex(''))).toBe('');
	});

	it.each(['fbf', 'fg', ' fb', 'fb ', '0xfb', 'fb\n', '+/'])('refuses %j', (text) => {
		expect(decodeHex(text)).toBeUndefined();
	});
});

describe('decodeStandardBase64', () => {
	it('accepts the canonical padded spelling', () => {
		expect(hex(decodeStandardBase64(bytes.toString('base64')))).toBe(hex(bytes));
		expect(hex(decodeStandardBase64('QQ=='))).toBe('41');
		expect(hex(decodeStandardBase64('QUI='))).toBe('4142');
		expect(hex(decodeStandardBase64(''))).toBe('');
	});

	it.each([
		['missing padding', 'QQ'],
		['too much padding', 'QUI=='],
		['padding in the middle', 'QQ==QUJD'],
		['stray bits after the last byte', 'QR=='],
		['the URL-safe alphabet', '-_-_'],
		['white space', 'QUJD QUJD'],
		['a newline', 'QUJD\n'],
		['foreign characters', 'QU*D'],
		['a lone character', 'Q'],
	])('refuses %s', (_label, text) => {
		expect(decodeStandardBase64(text)).toBeUndefined();
	});
});

describe('decodeBase64Signature', () => {
	it('accepts the standard and the URL-safe alphabets, the latter padded or not', () => {
		const standard = bytes.toString('base64');
		const urlSafe = bytes.toString('base64url');
		expect(standard).toBe('+/8APj8=');
		expect(hex(decodeBase64Signature(standard))).toBe(hex(bytes));
		expect(hex(decodeBase64Signature(urlSafe))).toBe(hex(bytes));
		expect(hex(decodeBase64Signature(`${urlSafe}=`))).toBe(hex(bytes));
	});

	it.each([
		['mixed alphabets', '+_8APj8='],
		['unpadded standard text', '+/8APj8'],
		['stray bits', '-_8APj9'],
		['garbage', '!!!!'],
	])('refuses %s', (_label, text) => {
		expect(decodeBase64Signature(text)).toBeUndefined();
	});
});

describe('decodeSignature', () => {
	it('decodes by the configured encoding only', () => {
		expect(hex(decodeSignature('4142', 'hex'))).toBe('4142');
		expect(hex(decodeSignature('4142', 'base64'))).toBe('e35e36');
		expect(decodeSignature('QUI=', 'hex')).toBeUndefined();
	});
});

const invalidUtf8 = Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x80, 0x7d]);

describe('buildSignedContent', () => {
	it('is the body itself for {body}', () => {
		expect(buildSignedContent('{body}', { body: invalidUtf8 }).equals(invalidUtf8)).toBe(true);
	});

	it('inserts the raw body bytes unchanged, even when they are not valid UTF-8', () => {
		const content = buildSignedContent('{timestamp}.{body}', { body: invalidUtf8, timestamp: '1700000000' });
		expect(content.equals(Buffer.concat([Buffer.from('1700000000.'), invalidUtf8]))).toBe(true);
		// What decoding to a string and re-encoding would have produced instead:
		expect(content.equals(Buffer.from(`1700000000.${invalidUtf8.toString('utf8')}`))).toBe(false);
	});

	it('keeps multi-byte characters of the body, literals and values as UTF-8', () => {
		const body = Buffer.from('{"t":"héllo ✓ 🎉"}', 'utf8');
		const content = buildSignedContent('v0:{timestamp}:{id}–{body}', { body, timestamp: '1', id: 'ïd' });
		expect(content.toString('utf8')).toBe('v0:1:ïd–{"t":"héllo ✓ 🎉"}');
		expect(content.subarray(content.length - body.length).equals(body)).toBe(true);
	});

	it('fills every occurrence and leaves other braces literal', () => {
		const content = buildSignedContent('{id}.{id}.{Body}.{other}.{body}', { body: Buffer.from('B'), id: 'I' });
		expect(content.toString()).toBe('I.I.{Body}.{other}.B');
	});

	it('signs an empty body as nothing between the separators', () => {
		expect(
			buildSignedContent('{id}.{timestamp}.{body}', { body: Buffer.alloc(0), id: 'm', timestamp: '5' }).toString(),
		).toBe('m.5.');
	});

	it('throws (a caller bug) when a used placeholder has no value', () => {
		expect(() => buildSignedContent('{timestamp}.{body}', { body: Buffer.alloc(0) })).toThrow('{timestamp}');
	});
});

describe('templateUses', () => {
	it('tells which placeholders a template uses', () => {
		expect(templateUses('v0:{timestamp}:{body}', 'timestamp')).toBe(true);
		expect(templateUses('v0:{timestamp}:{body}', 'id')).toBe(false);
		expect(templateUses('{Timestamp}', 'timestamp')).toBe(false);
	});
});
