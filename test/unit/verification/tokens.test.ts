import {
	signRequest,
	verifyBearer,
	verifyHeaderToken,
	verifySignature,
	type HeaderBag,
	type Secrets,
} from '../../../nodes/core/verification';
import { input } from './support';

const SECRET = 'tok_3f9a7c';
const secrets: Secrets = { current: SECRET };

describe('bearer', () => {
	const verify = (headers: HeaderBag, using: Secrets = secrets) =>
		verifySignature({ method: 'bearer' }, input(undefined, headers, using));
	const failed = (reason: string) => ({ ok: false, method: 'bearer', reason });

	it('accepts the secret as a bearer token, without needing a body', () => {
		expect(verify({ authorization: `Bearer ${SECRET}` })).toEqual({ ok: true, method: 'bearer', secret: 'current' });
	});

	it('reads the scheme word in any case and the header name in any case', () => {
		for (const scheme of ['bearer', 'BEARER', 'bEaReR']) {
			expect(verify({ AUTHORIZATION: `${scheme} ${SECRET}` })).toMatchObject({ ok: true });
		}
	});

	it('rejects another token, a prefix of the secret and the secret with extra characters', () => {
		for (const token of ['nope', SECRET.slice(0, -1), `${SECRET}x`, SECRET.toUpperCase()]) {
			expect(verify({ authorization: `Bearer ${token}` })).toEqual(failed('signature_mismatch'));
		}
	});

	it.each([
		['another scheme', `Basic ${SECRET}`],
		['no token', 'Bearer'],
		['no token after the space', 'Bearer '],
		['two spaces', `Bearer  ${SECRET}`],
		['a tab', `Bearer\t${SECRET}`],
		['a leading space', ` Bearer ${SECRET}`],
		['a trailing space', `Bearer ${SECRET} `],
		['two tokens', `Bearer ${SECRET} ${SECRET}`],
		['the token alone', SECRET],
	])('refuses %s as malformed', (_label, value) => {
		expect(verify({ authorization: value })).toEqual(failed('malformed_header'));
	});

	it('needs exactly one Authorization header', () => {
		expect(verify({})).toEqual(failed('missing_header'));
		expect(verify({ authorization: [`Bearer ${SECRET}`, `Bearer ${SECRET}`] })).toEqual(failed('duplicate_header'));
		expect(verify({ authorization: `Bearer ${SECRET}`, Authorization: `Bearer ${SECRET}` })).toEqual(
			failed('duplicate_header'),
		);
	});

	it('accepts the previous secret during a rotation and says so', () => {
		expect(verify({ authorization: 'Bearer old' }, { current: SECRET, previous: 'old' })).toEqual({
			ok: true,
			method: 'bearer',
			secret: 'previous',
		});
	});

	it('refuses everything without a secret', () => {
		expect(verify({ authorization: 'Bearer ' }, { current: '' })).toEqual(failed('missing_secret'));
	});

	it('signs with the current secret only', () => {
		const headers = signRequest({ method: 'bearer' }, { current: SECRET, previous: 'old' }, { body: Buffer.alloc(0) });
		expect(headers).toEqual({ Authorization: `Bearer ${SECRET}` });
		expect(verifyBearer(secrets, headers)).toMatchObject({ ok: true, secret: 'current' });
	});
});

describe('headerToken', () => {
	const config = { method: 'headerToken', headerName: 'X-Api-Key' } as const;
	const verify = (headers: HeaderBag, using: Secrets = secrets) =>
		verifySignature(config, input(undefined, headers, using));
	const failed = (reason: string) => ({ ok: false, method: 'headerToken', reason });

	it('accepts the named header holding the secret, whatever the case of the name', () => {
		expect(verify({ 'x-api-key': SECRET })).toEqual({ ok: true, method: 'headerToken', secret: 'current' });
		expect(verify({ 'X-API-KEY': [SECRET] })).toEqual({ ok: true, method: 'headerToken', secret: 'current' });
	});

	it('compares the whole value exactly', () => {
		for (const value of [`${SECRET} `, ` ${SECRET}`, `Bearer ${SECRET}`, SECRET.slice(1)]) {
			expect(verify({ 'x-api-key': value })).toEqual(failed('signature_mismatch'));
		}
	});

	it('needs the header exactly once', () => {
		expect(verify({ 'x-other': SECRET })).toEqual(failed('missing_header'));
		expect(verify({ 'x-api-key': [SECRET, SECRET] })).toEqual(failed('duplicate_header'));
	});

	it('accepts the previous secret during a rotation and says so', () => {
		expect(verify({ 'x-api-key': 'old' }, { current: SECRET, previous: 'old' })).toEqual({
			ok: true,
			method: 'headerToken',
			secret: 'previous',
		});
		expect(verify({ 'x-api-key': 'older' }, { current: SECRET, previous: 'old' })).toEqual(
			failed('signature_mismatch'),
		);
	});

	it('signs with the current secret only', () => {
		const headers = signRequest(config, { current: SECRET, previous: 'old' }, { body: Buffer.alloc(0) });
		expect(headers).toEqual({ 'X-Api-Key': SECRET });
		expect(verifyHeaderToken('x-api-key', secrets, headers)).toMatchObject({ ok: true });
	});
});
