/** Cases for the bearer and header token schemes. */
import { Buffer } from 'node:buffer';

import fc from 'fast-check';

import type { SecretLabel, Secrets, VerificationConfig } from '../../../../../nodes/core/verification';
import { addNoise, bodyArb, chance, draw, int, pick, reshape, type G } from '../wire';
import { type Case, accept, refuse, type Draft, finish, valueOf, setValue } from './case';
import { headerNameArb } from './hmacSenders';
import { slotMutation, noSecretMutation } from './mutations';
import { planSecrets, utf8Key, tokenArb, headerTokenArb } from './secrets';

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

/** A header the user names, or the one a preset fixes (GitLab's X-Gitlab-Token). */
export function headerTokenCase(g: G, preset?: Extract<VerificationConfig, { method: 'headerToken' }>): Case {
	const headerName =
		preset?.headerName ??
		draw(
			g,
			fc.oneof(fc.constantFrom('X-Api-Key', 'X-Webhook-Token', 'X-Auth-Token', 'Api-Key'), headerNameArb('X-Token-')),
		);
	const config: VerificationConfig = preset ?? { method: 'headerToken', headerName };
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
