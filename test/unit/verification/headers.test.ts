import { getSingleHeader, readRequiredHeader } from '../../../nodes/core/verification';

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
