/** Cases for Twilio's X-Twilio-Signature: form bodies (the URL and the sorted parameters are signed) and other
 * bodies (the URL alone, with the body's SHA-256 in its bodySHA256 parameter). Signed here with node:crypto
 * after Twilio's documented algorithm, never with the code under test. */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';

import fc from 'fast-check';

import type { VerificationConfig } from '../../../../../nodes/core/verification';
import { bodyArb, chance, draw, flipBit, pick, reshape, addNoise, type G } from '../wire';
import { accept, refuse, finish, setValue, type Case, type Draft } from './case';
import { noSecretMutation, slotMutation, wrongKeyMutation } from './mutations';
import { mac, planSecrets, sameHmacKey, utf8Key, utf8SecretArb } from './secrets';

const HEADER = 'X-Twilio-Signature';

/** Whole code points only: a lone surrogate cannot travel in a form body. */
const textArb = fc.oneof(
	fc.string({ maxLength: 10 }),
	fc.string({ unit: fc.constantFrom(...[...'aZ09 +&=%/\'"<>[]~*();:@$,é€😀']), maxLength: 8 }),
	fc.string({ unit: 'grapheme', maxLength: 6 }),
);
const pairsArb = fc.array(fc.tuple(fc.oneof(textArb, fc.constantFrom('From', 'To', 'Body', 'CallSid')), textArb), {
	maxLength: 8,
});

/** Twilio's signed text: the URL, then each name (sorted) followed by each of its distinct values (sorted). */
function signedText(url: string, pairs: ReadonlyArray<[string, string]>): string {
	const values = new Map<string, Set<string>>();
	for (const [name, value] of pairs) values.set(name, (values.get(name) ?? new Set()).add(value));
	return [...values.keys()]
		.sort()
		.reduce((text, name) => text + [...values.get(name)!].sort().reduce((acc, value) => acc + name + value, ''), url);
}

const sign = (secret: string, text: string) => mac('sha1', Buffer.from(secret, 'utf8'), Buffer.from(text, 'utf8'));

/** The public URL of an n8n webhook, as n8n writes it (already in URL's own spelling). */
function urlArb(g: G): URL {
	const scheme = pick(g, ['https', 'https', 'http']);
	const host = pick(g, ['n8n.msp.example', 'example.com', '10.0.0.5']);
	const port = pick(g, ['', '', ':5678', ':8443']);
	const path = `/webhook/${draw(g, fc.uuid())}${pick(g, ['', '/twilio', '/sms'])}`;
	const query = chance(g, 40) ? `?${new URLSearchParams(draw(g, pairsArb)).toString()}` : '';
	return new URL(`${scheme}://${host}${port}${path}${query}`);
}

/** The same URL with the default port written out, which Twilio's validator accepts too. */
const withDefaultPort = (url: URL) =>
	url.port ? url.toString() : url.toString().replace(url.host, `${url.host}:${url.protocol === 'https:' ? 443 : 80}`);

export function twilioCase(
	g: G,
	config: Extract<VerificationConfig, { method: 'twilio' }> = { method: 'twilio' },
): Case {
	const plan = planSecrets(g, utf8SecretArb, utf8Key, undefined, (a, b) => sameHmacKey(a, b, 'sha1'));
	const url = urlArb(g);
	const form = chance(g, 70);
	const pairs: Array<[string, string]> = form ? draw(g, pairsArb) : [];
	let body: Buffer;
	let signedUrl = url.toString();
	if (form) {
		body = Buffer.from(new URLSearchParams(pairs).toString());
	} else {
		body = draw(g, bodyArb);
		url.searchParams.set('bodySHA256', createHash('sha256').update(body).digest('hex'));
		signedUrl = url.toString();
	}
	const content = () => signedText(signedUrl, pairs);
	const draft: Draft = {
		config,
		entries: [[HEADER, sign(plan.signer, content()).toString('base64')]],
		body,
		secrets: plan.secrets,
		nowMs: Date.now(),
		expect: accept(plan.label),
		steps: [...plan.steps, form ? 'form' : 'bodySHA256'],
	};
	let calledUrl: string | undefined = chance(g, 20) ? withDefaultPort(url) : signedUrl;
	if (chance(g, 50)) {
		const kind = pick(g, [
			'signature',
			'parameter',
			'body',
			'url',
			'slot',
			'wrongSecret',
			'noSecret',
			'noUrl',
		] as const);
		draft.steps.push(kind);
		switch (kind) {
			case 'signature':
				setValue(draft, HEADER, flipBit(g, sign(plan.signer, content())).toString('base64'));
				draft.expect = refuse('signature_mismatch');
				break;
			case 'parameter': {
				// A parameter nobody signed: a form's signed text grows by its name and value; any other body no
				// longer matches its hash.
				const added = new URLSearchParams([[`Zz${draw(g, textArb)}`, `${draw(g, textArb)}x`]]).toString();
				draft.body = Buffer.concat([body, Buffer.from(`&${added}`)]);
				draft.expect = refuse('signature_mismatch');
				break;
			}
			case 'body': {
				const changed = Buffer.concat([body, Buffer.from(pick(g, ['&', '&a', ' ', 'x', '=']))]);
				draft.body = changed;
				// A stray '&' (or '&=' ...) adds no parameter to a form, so the signed text may not change.
				const same = form && signedText(signedUrl, [...new URLSearchParams(changed.toString())]) === content();
				if (!same) draft.expect = refuse('signature_mismatch');
				break;
			}
			case 'url':
				calledUrl = pick(g, [
					signedUrl.replace('/webhook/', '/webhook-test/'),
					signedUrl.replace(`//${url.hostname}`, '//other.example'),
					signedUrl.replace(/^https?:/, url.protocol === 'https:' ? 'http:' : 'https:'),
					`${signedUrl}${url.search ? '&' : '?'}extra=1`,
				]);
				draft.expect = refuse('signature_mismatch');
				break;
			case 'slot':
				slotMutation(g, draft, { name: HEADER, missing: 'missing_header' });
				break;
			case 'wrongSecret': {
				const other = draw(g, utf8SecretArb);
				wrongKeyMutation(draft, Buffer.from(other, 'utf8'), utf8Key, () =>
					setValue(draft, HEADER, sign(other, content()).toString('base64')),
				);
				break;
			}
			case 'noSecret':
				noSecretMutation(g, draft);
				break;
			case 'noUrl':
				calledUrl = pick(g, [undefined, '', url.pathname + url.search]);
				draft.expect = refuse('missing_url');
				break;
		}
	}
	draft.steps.push(...reshape(g, draft.entries, [HEADER]));
	addNoise(g, draft.entries, [HEADER]);
	const c = finish(draft);
	return { ...c, input: { ...c.input, url: calledUrl } };
}
