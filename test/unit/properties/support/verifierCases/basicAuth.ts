/** Cases for HTTP Basic authentication against one configured user and password. */
import { Buffer } from 'node:buffer';

import fc from 'fast-check';

import type { BasicCredentials, VerificationConfig } from '../../../../../nodes/core/verification';
import { addNoise, chance, draw, pick, reshape, type G } from '../wire';
import { accept, refuse, finish, setValue, type Case, type Draft } from './case';
import { slotMutation } from './mutations';

/** A user never holds a colon (RFC 7617); a password may, and any Unicode. */
const userArb = fc.string({ minLength: 1, maxLength: 20 }).filter((user) => !user.includes(':'));
const passwordArb = fc.oneof(
	fc.string({ minLength: 1, maxLength: 30 }),
	fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
	fc.constantFrom('p:a:s:s', ':', 'a:', ':a', 'pass word'),
);

const encode = (user: string, password: string) => Buffer.from(`${user}:${password}`, 'utf8').toString('base64');

export function basicAuthCase(
	g: G,
	config: Extract<VerificationConfig, { method: 'basicAuth' }> = { method: 'basicAuth' },
): Case {
	let credentials: BasicCredentials | undefined = { user: draw(g, userArb), password: draw(g, passwordArb) };
	const word = pick(g, ['Basic', 'Basic', 'basic', 'BASIC']);
	const header = (user: string, password: string) => `${word} ${encode(user, password)}`;
	const draft: Draft = {
		config,
		entries: [['Authorization', header(credentials.user, credentials.password)]],
		body: undefined,
		secrets: { current: '' },
		nowMs: Date.now(),
		expect: accept('current'),
		steps: [`word:${word}`],
	};
	if (chance(g, 50)) {
		const { user, password } = credentials;
		const kind = pick(g, ['user', 'password', 'both', 'swap', 'form', 'slot', 'noCredentials'] as const);
		draft.steps.push(kind);
		const presented = {
			user: [draw(g, userArb), password],
			password: [user, draw(g, passwordArb)],
			both: [draw(g, userArb), draw(g, passwordArb)],
			swap: [password.replaceAll(':', ''), user],
		};
		switch (kind) {
			case 'user':
			case 'password':
			case 'both':
			case 'swap': {
				const [u, p] = presented[kind];
				setValue(draft, 'Authorization', header(u, p));
				if (u !== user || p !== password) draft.expect = refuse('signature_mismatch');
				break;
			}
			case 'form': {
				const encoded = encode(user, password);
				const text = pick(g, [
					`${word}  ${encoded}`,
					`${word}${encoded}`,
					`Bearer ${encoded}`,
					`${word} ${encoded.replace(/=+$/, '')}${encoded.endsWith('=') ? '' : '='}`,
					`${word} ${Buffer.from(`${user}${password.replaceAll(':', '')}`).toString('base64')}`,
					`${word} ${user}:${password}`,
					encoded,
				]);
				setValue(draft, 'Authorization', text);
				draft.expect = refuse('malformed_header');
				break;
			}
			case 'slot':
				slotMutation(g, draft, { name: 'Authorization', missing: 'missing_header' });
				break;
			case 'noCredentials':
				credentials = pick(g, [undefined, { user: '', password }, { user, password: '' }]);
				draft.expect = refuse('missing_secret');
				break;
		}
	}
	draft.steps.push(...reshape(g, draft.entries, ['Authorization']));
	addNoise(g, draft.entries, ['authorization']);
	const c = finish(draft);
	return { ...c, input: { ...c.input, basicAuth: credentials } };
}
