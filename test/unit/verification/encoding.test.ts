import {
	decodeBase64Signature,
	decodeHex,
	decodeSignature,
	decodeStandardBase64,
} from '../../../nodes/core/verification/encoding';

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
