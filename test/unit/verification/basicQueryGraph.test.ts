import {
	verificationProblems,
	verifySignature,
	withoutClientState,
	withoutQueryParameter,
	type BasicCredentials,
	type HeaderBag,
	type Secrets,
	type VerifyInput,
} from '../../../nodes/core/verification';

const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

describe('basicAuth', () => {
	const credentials: BasicCredentials = { user: 'halo', password: 's3cr:et ✓' };
	const verify = (headers: HeaderBag, basicAuth: BasicCredentials | undefined) =>
		verifySignature({ method: 'basicAuth' }, { rawBody: undefined, headers, secrets: { current: '' }, basicAuth });
	const accepted = { ok: true, method: 'basicAuth', secret: 'current' };
	const failed = (reason: string) => ({ ok: false, method: 'basicAuth', reason });

	it('accepts the credentials, with no secret and no body; the password may hold colons', () => {
		expect(verify({ authorization: basic('halo:s3cr:et ✓') }, credentials)).toEqual(accepted);
		expect(verify({ Authorization: basic('a:b:c::') }, { user: 'a', password: 'b:c::' })).toEqual(accepted);
	});

	it('reads the scheme word in any case', () => {
		for (const word of ['basic', 'BASIC', 'bAsIc']) {
			expect(verify({ authorization: basic('halo:s3cr:et ✓').replace('Basic', word) }, credentials)).toEqual(accepted);
		}
	});

	it.each([
		['a wrong user', 'halO:s3cr:et ✓'],
		['a wrong password', 'halo:s3cr:et ✗'],
		['both wrong', 'x:y'],
		['the password without its tail', 'halo:s3cr'],
		['an empty password', 'halo:'],
		['an empty user', ':s3cr:et ✓'],
		['the password with a colon added', 'halo:s3cr:et ✓:'],
	])('refuses %s', (_label, text) => {
		expect(verify({ authorization: basic(text) }, credentials)).toEqual(failed('signature_mismatch'));
	});

	it.each([
		['no colon', basic('halos3cret')],
		['another scheme', `Bearer ${Buffer.from('halo:s3cr:et ✓').toString('base64')}`],
		['no credentials', 'Basic'],
		['two spaces', `Basic  ${Buffer.from('halo:s3cr:et ✓').toString('base64')}`],
		['unpadded base64', basic('halo:s3cr:et ✓x').replace(/=+$/, '')],
		['base64url', `Basic ${Buffer.from('halo:s3cr:et ✓??>').toString('base64url')}`],
		['non-canonical base64', 'Basic YWI6Yx=='],
		['text that is not base64', 'Basic halo:s3cr:et'],
		['invalid UTF-8', `Basic ${Buffer.from([0x68, 0x3a, 0xff]).toString('base64')}`],
	])('refuses %s as malformed', (_label, value) => {
		expect(verify({ authorization: value }, credentials)).toEqual(failed('malformed_header'));
	});

	it('needs exactly one Authorization header', () => {
		expect(verify({}, credentials)).toEqual(failed('missing_header'));
		expect(verify({ authorization: [basic('halo:s3cr:et ✓'), basic('halo:s3cr:et ✓')] }, credentials)).toEqual(
			failed('duplicate_header'),
		);
	});

	it('refuses everything without a user and a password configured', () => {
		const header = { authorization: basic(':') };
		for (const missing of [undefined, { user: '', password: '' }, { user: 'halo', password: '' }]) {
			expect(verify(header, missing)).toEqual(failed('missing_secret'));
		}
		expect(verify({ authorization: basic('halo:') }, { user: 'halo', password: '' })).toEqual(failed('missing_secret'));
		expect(verify({ authorization: basic(':pw') }, { user: '', password: 'pw' })).toEqual(failed('missing_secret'));
	});
});

describe('queryToken', () => {
	const secrets: Secrets = { current: 'tok_8c1d' };
	const verify = (query: Record<string, unknown> | undefined, using = secrets, queryParameter = 'token') =>
		verifySignature(
			{ method: 'queryToken', queryParameter },
			{ rawBody: undefined, headers: { authorization: 'Bearer tok_8c1d' }, secrets: using, query },
		);
	const failed = (reason: string) => ({ ok: false, method: 'queryToken', reason });

	it('accepts the secret in the named parameter, and the previous one during a rotation', () => {
		expect(verify({ token: 'tok_8c1d', other: 'x' })).toEqual({ ok: true, method: 'queryToken', secret: 'current' });
		expect(verify({ key: 'tok_8c1d' }, secrets, 'key')).toMatchObject({ ok: true });
		expect(verify({ token: 'old' }, { current: 'tok_8c1d', previous: 'old' })).toEqual({
			ok: true,
			method: 'queryToken',
			secret: 'previous',
		});
	});

	it('refuses another token', () => {
		for (const token of ['tok_8c1', 'tok_8c1dx', 'TOK_8C1D', ' tok_8c1d']) {
			expect(verify({ token })).toEqual(failed('signature_mismatch'));
		}
	});

	it('refuses the token given twice, even twice the same', () => {
		expect(verify({ token: ['tok_8c1d', 'tok_8c1d'] })).toEqual(failed('duplicate_parameter'));
		expect(verify({ token: ['tok_8c1d', 'x'] })).toEqual(failed('duplicate_parameter'));
	});

	it('refuses a missing, empty or structured parameter, and the token in another parameter or a header', () => {
		for (const query of [
			undefined,
			{},
			{ token: '' },
			{ Token: 'tok_8c1d' },
			{ token: ['tok_8c1d'] },
			{ token: { x: 'tok_8c1d' } },
			{ token: 1 },
			Object.create({ token: 'tok_8c1d' }) as Record<string, unknown>,
		]) {
			expect(verify(query)).toEqual(failed('missing_parameter'));
		}
	});

	it('refuses everything without a secret', () => {
		expect(verify({ token: '' }, { current: '', previous: '' })).toEqual(failed('missing_secret'));
	});

	it('takes the token out of the query for the item, leaving the original as it was', () => {
		const query = { token: 'tok_8c1d', a: '1', b: ['2', '3'] };
		expect(withoutQueryParameter(query, 'token')).toEqual({ a: '1', b: ['2', '3'] });
		expect(query.token).toBe('tok_8c1d');
		expect(withoutQueryParameter(undefined, 'token')).toEqual({});
	});

	it('names an empty parameter name as a problem of the configuration', () => {
		expect(verificationProblems({ method: 'queryToken', queryParameter: '' })).toHaveLength(1);
		expect(verificationProblems({ method: 'queryToken', queryParameter: 'token' })).toEqual([]);
	});
});

describe('microsoftGraph', () => {
	const secrets: Secrets = { current: 'client-state-1' };
	const notification = (clientState: unknown, id = 'n1') => ({
		subscriptionId: 's1',
		clientState,
		changeType: 'created',
		resource: `Users/u/Messages/${id}`,
		resourceData: { id },
	});
	const input = (body: unknown, using = secrets, rawBody?: Buffer): VerifyInput => ({
		rawBody,
		headers: {},
		secrets: using,
		body,
	});
	const verify = (body: unknown, using = secrets, rawBody?: Buffer) =>
		verifySignature({ method: 'microsoftGraph' }, input(body, using, rawBody));
	const accepted = (secret = 'current') => ({ ok: true, method: 'microsoftGraph', secret });
	const failed = (reason: string) => ({ ok: false, method: 'microsoftGraph', reason });

	it('accepts notifications that all carry the secret as clientState', () => {
		expect(verify({ value: [notification('client-state-1')] })).toEqual(accepted());
		expect(verify({ value: [notification('client-state-1'), notification('client-state-1', 'n2')] })).toEqual(
			accepted(),
		);
	});

	it('parses the raw body when no parsed body is given', () => {
		const raw = Buffer.from(JSON.stringify({ value: [notification('client-state-1')] }));
		expect(verify(undefined, secrets, raw)).toEqual(accepted());
		expect(verify(undefined, secrets, Buffer.from('{"value":['))).toEqual(failed('malformed_body'));
		expect(verify(undefined, secrets)).toEqual(failed('missing_raw_body'));
	});

	it('refuses a batch where one notification carries another clientState', () => {
		const body = { value: [notification('client-state-1'), notification('client-state-2', 'n2')] };
		expect(verify(body)).toEqual(failed('signature_mismatch'));
		expect(verify({ value: [notification('client-state-2')] })).toEqual(failed('signature_mismatch'));
		expect(verify({ value: [notification('CLIENT-STATE-1')] })).toEqual(failed('signature_mismatch'));
	});

	it('accepts a batch mixing current and previous secrets during a rotation, and says the previous is in use', () => {
		const rotation = { current: 'client-state-1', previous: 'client-state-0' };
		expect(verify({ value: [notification('client-state-1')] }, rotation)).toEqual(accepted());
		expect(verify({ value: [notification('client-state-0')] }, rotation)).toEqual(accepted('previous'));
		expect(verify({ value: [notification('client-state-1'), notification('client-state-0', 'n2')] }, rotation)).toEqual(
			accepted('previous'),
		);
	});

	it.each<[string, unknown]>([
		['an empty value', { value: [] }],
		['no value', { clientState: 'client-state-1' }],
		['a value that is not an array', { value: notification('client-state-1') }],
		['a notification that is not an object', { value: [notification('client-state-1'), 'client-state-1'] }],
		['a notification without clientState', { value: [notification('client-state-1'), notification(undefined)] }],
		['an empty clientState', { value: [notification('')] }],
		['a clientState that is not text', { value: [notification(['client-state-1'])] }],
		['a body that is an array', [notification('client-state-1')]],
		['a body that is text', 'client-state-1'],
		['a null body', null],
	])('refuses %s as malformed', (_label, body) => {
		expect(verify(body)).toEqual(failed('malformed_body'));
	});

	it('refuses everything without a secret', () => {
		expect(verify({ value: [notification('')] }, { current: '' })).toEqual(failed('missing_secret'));
	});

	it('takes clientState out of every notification for the item, leaving the original as it was', () => {
		const body = { value: [notification('client-state-1'), notification('client-state-1', 'n2'), 'odd'], extra: 1 };
		const clean = withoutClientState(body) as { value: Array<Record<string, unknown>>; extra: number };
		expect(clean.extra).toBe(1);
		expect(clean.value).toHaveLength(3);
		expect(JSON.stringify(clean)).not.toContain('client-state-1');
		expect(clean.value[0]).toEqual({
			subscriptionId: 's1',
			changeType: 'created',
			resource: 'Users/u/Messages/n1',
			resourceData: { id: 'n1' },
		});
		expect(body.value[0]).toHaveProperty('clientState', 'client-state-1');
		for (const other of [undefined, null, 'text', [1], { value: 'x' }]) expect(withoutClientState(other)).toBe(other);
	});
});
