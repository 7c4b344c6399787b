/** Property tests of inbound verification: for every scheme and preset, generated genuine and forged
 * requests (mutated signatures, bodies, timestamps, headers, encodings and secrets). No forged request may
 * verify, no genuine one may fail, and nothing may throw, not even inside (verifySignature catches, so the
 * functions it calls are wrapped to record what they throw). */
import { Buffer } from 'node:buffer';
import { generateKeyPairSync, sign } from 'node:crypto';

import fc from 'fast-check';

jest.mock('../../../nodes/core/verification/hmac', () =>
	require('./support/internalErrors').wrapExports(jest.requireActual('../../../nodes/core/verification/hmac'), [
		'verifyHmac',
	]),
);
jest.mock('../../../nodes/core/verification/standardWebhooks', () =>
	require('./support/internalErrors').wrapExports(
		jest.requireActual('../../../nodes/core/verification/standardWebhooks'),
		['verifyStandardWebhooks'],
	),
);
jest.mock('../../../nodes/core/verification/stripe', () =>
	require('./support/internalErrors').wrapExports(jest.requireActual('../../../nodes/core/verification/stripe'), [
		'verifyStripe',
	]),
);
jest.mock('../../../nodes/core/verification/tokens', () =>
	require('./support/internalErrors').wrapExports(jest.requireActual('../../../nodes/core/verification/tokens'), [
		'verifyBearer',
		'verifyHeaderToken',
		'verifyBasicAuth',
		'verifyQueryToken',
	]),
);
jest.mock('../../../nodes/core/verification/twilio', () =>
	require('./support/internalErrors').wrapExports(jest.requireActual('../../../nodes/core/verification/twilio'), [
		'verifyTwilio',
	]),
);
jest.mock('../../../nodes/core/verification/asymmetric', () =>
	require('./support/internalErrors').wrapExports(jest.requireActual('../../../nodes/core/verification/asymmetric'), [
		'verifyEd25519',
		'verifyEcdsa',
	]),
);
jest.mock('../../../nodes/core/verification/keys', () =>
	require('./support/internalErrors').wrapExports(jest.requireActual('../../../nodes/core/verification/keys'), [
		'deriveKeyCandidates',
	]),
);

import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { EventWebhook } from '@sendgrid/eventwebhook';
import { verifyKey as discordVerifyKey } from 'discord-interactions';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import Stripe from 'stripe';

import {
	FAILURE_MESSAGES,
	parsePublicKey,
	PRESET_NAMES,
	resolvePreset,
	signRequest,
	verifyRequest,
	verifySignature,
	type PresetName,
	type VerificationConfig,
	type VerifyDependencies,
	type VerifyFailureReason,
	type VerifyResult,
} from '../../../nodes/core/verification';
import { DISCORD, SENDGRID } from '../verification/publicKeySenders';
import { takeThrown } from './support/internalErrors';
import { propertyOptions, runsPer } from './support/runConfig';
import { Tally } from './support/tally';
import {
	basicAuthCase,
	bearerCase,
	hmacCase,
	hmacConfigArb,
	headerTokenCase,
	noneCase,
	PRESET_SENDERS,
	publicKeyCase,
	publicKeyConfigArb,
	publicKeySenderFor,
	senderFor,
	standardWebhooksCase,
	stripeCase,
	twilioCase,
	type Case,
} from './support/verifierCases';
import { bodyArb, draw, generator, messageIdArb, type G } from './support/wire';
import { googleKeys, googlePubSubCase, PUBSUB_AUDIENCE, PUBSUB_EMAIL } from './support/verifierCases/googlePubSub';
import { microsoftGraphCase } from './support/verifierCases/microsoftGraph';

const RUNS = runsPer(10_000);
const ED25519 = generateKeyPairSync('ed25519');
const ECDSA = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const REASONS = new Set(Object.keys(FAILURE_MESSAGES));
const tally = new Tally('verifiers');

const describeResult = (result: VerifyResult) => JSON.stringify(result);
const describeCase = (c: Case) =>
	`${c.steps.join(' ')} | expected ${JSON.stringify(c.expect)} | config ${JSON.stringify(c.config)} | headers ${JSON.stringify(c.input.headers)} | ` +
	`secrets ${JSON.stringify(c.input.secrets)} | url ${c.input.url} | basicAuth ${JSON.stringify(c.input.basicAuth)} | nowMs ${c.input.nowMs} | body ${Buffer.isBuffer(c.input.rawBody) ? c.input.rawBody.toString('base64') : String(c.input.rawBody)}`;

/** Verifies one case and counts it; throws (so fast-check shrinks and reports) on any violation. */
function check(scheme: string, c: Case): void {
	takeThrown();
	let result: VerifyResult;
	try {
		result = verifySignature(c.config, c.input);
	} catch (error) {
		tally.add(scheme, 'unexpectedErrors');
		throw new Error(`verifySignature threw ${String(error)} | ${describeCase(c)}`);
	}
	judge(scheme, c, result, takeThrown());
}

/** The same for the asynchronous schemes (a JWT and its key set), through verifyRequest. */
async function checkAsync(scheme: string, c: Case, deps: VerifyDependencies): Promise<void> {
	takeThrown();
	let result: VerifyResult;
	try {
		result = await verifyRequest(c.config, c.input, deps);
	} catch (error) {
		tally.add(scheme, 'unexpectedErrors');
		throw new Error(`verifyRequest rejected ${String(error)} | ${describeCase(c)}`);
	}
	judge(scheme, c, result, takeThrown());
}

function judge(scheme: string, c: Case, result: VerifyResult, thrown: ReturnType<typeof takeThrown>): void {
	tally.add(scheme, 'cases');
	tally.add(scheme, c.expect.ok ? 'genuine' : 'forged');
	if (thrown.length) {
		tally.add(scheme, 'unexpectedErrors');
		throw new Error(`${thrown[0].fn} threw ${String(thrown[0].error)} | ${describeCase(c)}`);
	}
	const method = c.config.method;
	if (result.method !== method) {
		tally.add(scheme, 'unexpectedErrors');
		throw new Error(`result for method ${result.method} | ${describeCase(c)}`);
	}
	if (c.expect.ok) {
		if (!result.ok || result.secret !== c.expect.secret) {
			tally.add(scheme, 'genuineRefused');
			throw new Error(`genuine request refused: ${describeResult(result)} | ${describeCase(c)}`);
		}
		return;
	}
	if (result.ok) {
		tally.add(scheme, 'forgedAccepted');
		throw new Error(`forged request accepted: ${describeResult(result)} | ${describeCase(c)}`);
	}
	if (!REASONS.has(result.reason)) {
		tally.add(scheme, 'unexpectedErrors');
		throw new Error(`untyped failure reason ${result.reason} | ${describeCase(c)}`);
	}
	if (c.expect.reasons && !c.expect.reasons.includes(result.reason)) {
		tally.add(scheme, 'wrongReasons');
		throw new Error(
			`refused for ${result.reason}, expected one of ${c.expect.reasons.join(', ')} | ${describeCase(c)}`,
		);
	}
}

/** The headers signRequest writes for the canonical genuine request are exactly the independent ones. */
function checkSigner(scheme: string, c: Case): void {
	if (!c.signCheck) return;
	const ours = signRequest(c.config, c.signCheck.secret, c.signCheck.input);
	const lower = (headers: Record<string, string>) =>
		Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
	tally.add(scheme, 'signerChecks');
	const [got, wanted] = [ours, c.signCheck.headers].map((headers) =>
		JSON.stringify(Object.entries(lower(headers)).sort()),
	);
	if (got !== wanted) {
		tally.add(scheme, 'signerDisagreements');
		throw new Error(`signRequest wrote ${got}, the sender ${wanted} | ${describeCase(c)}`);
	}
}

function property(scheme: string, build: (g: G) => Case, runs = RUNS): void {
	fc.assert(
		fc.property(generator(), (g) => {
			const c = build(g);
			check(scheme, c);
			checkSigner(scheme, c);
		}),
		propertyOptions(runs),
	);
}

function asyncProperty(scheme: string, build: (g: G) => Promise<Case>, deps: VerifyDependencies, runs: number) {
	return fc.assert(
		fc.asyncProperty(generator(), async (g) => checkAsync(scheme, await build(g), deps)),
		propertyOptions(runs),
	);
}

const HMAC_PRESETS = [
	'github',
	'shopify',
	'slack',
	'mspManager',
	'oneManage',
	'zoom',
	'meta',
	'pagerDuty',
	'autotask',
] as const;

/** Every other preset, with the generator of its scheme and the sender written from its documentation. */
const OTHER_PRESETS = [
	'stripe',
	'discord',
	'sendgrid',
	'twilio',
	'haloPsa',
	'gitlab',
	'microsoftGraph',
	'googlePubSub',
] as const;

/** A preset's configuration, narrowed to the scheme its generator takes (and checked to be that scheme). */
function presetAs<M extends VerificationConfig['method']>(
	name: PresetName,
	...methods: M[]
): Extract<VerificationConfig, { method: M }> {
	const config = resolvePreset(name);
	if (!methods.includes(config.method as M)) throw new Error(`preset ${name} is ${config.method}`);
	return config as Extract<VerificationConfig, { method: M }>;
}

describe(`verification properties (${RUNS} generated requests per scheme)`, () => {
	it('covers every preset', () => {
		expect([...PRESET_NAMES].sort()).toEqual([...HMAC_PRESETS, ...OTHER_PRESETS].sort());
	});

	it.each(HMAC_PRESETS)('preset %s', (name) => {
		property(`preset:${name}`, (g) => hmacCase(g, resolvePreset(name), PRESET_SENDERS[name]));
	});

	it('preset stripe', () => {
		property('preset:stripe', (g) => stripeCase(g, resolvePreset('stripe')));
	});

	// Configured by the preset, signed as the sender's documentation says (publicKeySenders.ts).
	it.each([
		['discord', DISCORD],
		['sendgrid', SENDGRID],
	] as const)('preset %s', (name, documented) => {
		property(`preset:${name}`, (g) =>
			publicKeyCase(g, presetAs(name, 'ed25519', 'ecdsa'), publicKeySenderFor(documented)),
		);
	});

	it('preset twilio', () => {
		property('preset:twilio', (g) => twilioCase(g, presetAs('twilio', 'twilio')));
	});

	it('preset haloPsa (Basic)', () => {
		property('preset:haloPsa', (g) => basicAuthCase(g, presetAs('haloPsa', 'basicAuth')));
	});

	it('preset gitlab (X-Gitlab-Token)', () => {
		property('preset:gitlab', (g) => headerTokenCase(g, presetAs('gitlab', 'headerToken')));
	});

	it('preset microsoftGraph (every value[].clientState)', () => {
		property('preset:microsoftGraph', (g) => microsoftGraphCase(g, resolvePreset('microsoftGraph')));
	});

	it("preset googlePubSub (Google's OIDC token; the key set served locally)", async () => {
		const preset = { ...resolvePreset('googlePubSub'), audience: PUBSUB_AUDIENCE, email: PUBSUB_EMAIL };
		const jwks = googleKeys();
		await asyncProperty(
			'preset:googlePubSub',
			(g) => googlePubSubCase(g, jwks, preset),
			{ jwks },
			Math.ceil(RUNS / 10),
		);
	});

	it('hmac, over generated configurations (algorithm, encoding, prefix, template, headers, tolerance)', () => {
		property('hmac', (g) => {
			const config = draw(g, hmacConfigArb);
			return hmacCase(g, config, senderFor(config));
		});
	});

	it('standardWebhooks', () => {
		property('standardWebhooks', standardWebhooksCase);
	});

	it('stripe with other tolerances', () => {
		property('stripe', (g) => {
			const toleranceSeconds = draw(g, fc.oneof(fc.integer({ min: 0, max: 3600 }), fc.constantFrom(-1, Number.NaN)));
			return stripeCase(g, { method: 'stripe', toleranceSeconds });
		});
	});

	it.each(['ed25519', 'ecdsa'] as const)(
		'%s, over generated configurations (encoding, prefix, template, timestamp, tolerance, DER or raw r‖s)',
		(kind) => {
			property(kind, (g) => {
				const config = draw(g, publicKeyConfigArb(kind));
				return publicKeyCase(g, config, publicKeySenderFor(config));
			});
		},
	);

	it.each([
		['discord', DISCORD],
		['sendgrid', SENDGRID],
	] as const)('sender %s', (name, config) => {
		property(`sender:${name}`, (g) => publicKeyCase(g, config, publicKeySenderFor(config)));
	});

	it('bearer', () => {
		property('bearer', bearerCase);
	});

	it('headerToken', () => {
		property('headerToken', headerTokenCase);
	});

	it('none', () => {
		property('none', noneCase);
	});

	it('twilio (form and bodySHA256 requests)', () => {
		property('twilio', twilioCase);
	});

	it('basicAuth', () => {
		property('basicAuth', basicAuthCase);
	});

	it('broken configurations and inputs are refused with a typed reason, never thrown', () => {
		const junk = fc.oneof(fc.anything(), fc.string(), fc.constant(undefined));
		const configArb: fc.Arbitrary<unknown> = fc.oneof(
			fc.anything(),
			fc.record(
				{
					method: fc.oneof(
						fc.constantFrom(
							'hmac',
							'standardWebhooks',
							'stripe',
							'bearer',
							'headerToken',
							'ed25519',
							'ecdsa',
							'basicAuth',
							'queryToken',
							'twilio',
							'microsoftGraph',
							'md5',
							'',
							'__proto__',
						),
						junk,
					),
					algorithm: fc.oneof(fc.constantFrom('sha256', 'md5', 'SHA256', 'constructor', 'toString'), junk),
					encoding: fc.oneof(fc.constantFrom('hex', 'base64', 'utf8', 'binary'), junk),
					signatureHeader: junk,
					signaturePrefix: junk,
					signedContent: junk,
					timestampHeader: junk,
					idHeader: junk,
					toleranceSeconds: junk,
					headerName: junk,
					queryParameter: junk,
				},
				{ requiredKeys: ['method'] },
			),
		);
		const inputArb = fc.record({
			rawBody: fc.oneof(bodyArb, junk),
			headers: fc.oneof(
				fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string()), junk)),
				fc.constant({}),
			),
			secrets: fc.oneof(
				fc.record({ current: fc.oneof(fc.string(), junk), previous: fc.oneof(fc.string(), junk) }),
				fc.constant({ current: 'c' }),
			),
			nowMs: fc.oneof(fc.integer(), fc.double(), junk),
			publicKeys: fc.oneof(
				junk,
				fc.constant({ current: ED25519.publicKey }),
				fc.constant({ current: ECDSA.publicKey, previous: ED25519.publicKey }),
			),
			url: fc.oneof(fc.webUrl({ withQueryParameters: true }), junk),
			query: fc.oneof(fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string()), junk)), junk),
			body: junk,
			basicAuth: fc.oneof(
				fc.record({ user: fc.oneof(fc.string(), junk), password: fc.oneof(fc.string(), junk) }),
				junk,
			),
		});
		fc.assert(
			fc.property(configArb, inputArb, (config, input) => {
				let result: VerifyResult;
				try {
					result = verifySignature(config as VerificationConfig, input as never);
				} catch (error) {
					tally.add('brokenConfig', 'unexpectedErrors');
					throw error;
				}
				tally.add('brokenConfig', 'cases');
				tally.add('brokenConfig', 'hostile');
				tally.add('brokenConfig', 'containedErrors', takeThrown().length);
				if (result.ok) {
					// Only `none` (or a request that happens to be genuine under a partial config) passes.
					return;
				}
				if (!REASONS.has(result.reason as VerifyFailureReason)) {
					tally.add('brokenConfig', 'unexpectedErrors');
					throw new Error(`untyped failure ${JSON.stringify(result)}`);
				}
			}),
			propertyOptions(Math.ceil(RUNS / 2)),
		);
	});

	describe('official sender libraries, both ways', () => {
		const OFFICIAL_RUNS = Math.ceil(RUNS / 10);
		const payloadArb = fc
			.jsonValue({ maxDepth: 3 })
			.map((value) => JSON.stringify({ id: 'evt_1', object: 'event', data: value }));

		it('standardwebhooks: what it signs verifies (and a flipped bit does not); what we sign it verifies', () => {
			fc.assert(
				fc.property(
					fc.uint8Array({ minLength: 16, maxLength: 48 }),
					payloadArb,
					messageIdArb.filter((id) => !id.includes(' ')),
					fc.boolean(),
					(keyBytes, payload, id, forge) => {
						const secret = `whsec_${Buffer.from(keyBytes).toString('base64')}`;
						const theirs = new StandardWebhook(secret);
						const now = Math.floor(Date.now() / 1000);
						let signature = theirs.sign(id, new Date(now * 1000), payload);
						if (forge) {
							const bytes = Buffer.from(signature.slice(3), 'base64');
							bytes[bytes.length - 1] ^= 0x80;
							signature = `v1,${bytes.toString('base64')}`;
						}
						const c: Case = {
							steps: ['standardwebhooks lib', forge ? 'forged' : 'genuine'],
							config: { method: 'standardWebhooks' },
							input: {
								rawBody: Buffer.from(payload),
								headers: { 'webhook-id': id, 'webhook-timestamp': String(now), 'webhook-signature': signature },
								secrets: { current: secret },
								nowMs: now * 1000,
							},
							expect: forge ? { ok: false, reasons: ['signature_mismatch'] } : { ok: true, secret: 'current' },
						};
						check('official:standardwebhooks', c);
						const ours = signRequest({ method: 'standardWebhooks' }, secret, { body: Buffer.from(payload), id });
						expect(theirs.verify(payload, ours)).toEqual(JSON.parse(payload));
					},
				),
				propertyOptions(OFFICIAL_RUNS),
			);
		});

		it('stripe: what it signs verifies (and a flipped bit does not); what we sign constructEvent accepts', () => {
			const stripe = new Stripe('sk_test_property');
			fc.assert(
				fc.property(
					fc.string({ minLength: 1, maxLength: 40 }),
					payloadArb,
					fc.boolean(),
					(secretText, payload, forge) => {
						const secret = `whsec_${secretText}`;
						const now = Math.floor(Date.now() / 1000);
						let header = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: now });
						if (forge) header = header.replace(/v1=([0-9a-f])/, (_m, c: string) => `v1=${c === '0' ? '1' : '0'}`);
						check('official:stripe', {
							steps: ['stripe lib', forge ? 'forged' : 'genuine'],
							config: resolvePreset('stripe'),
							input: {
								rawBody: Buffer.from(payload),
								headers: { 'stripe-signature': header },
								secrets: { current: secret },
								nowMs: now * 1000,
							},
							expect: forge ? { ok: false, reasons: ['signature_mismatch'] } : { ok: true, secret: 'current' },
						});
						const ours = signRequest(resolvePreset('stripe'), secret, { body: Buffer.from(payload) });
						expect(stripe.webhooks.constructEvent(payload, ours['Stripe-Signature'], secret)).toEqual(
							JSON.parse(payload),
						);
					},
				),
				propertyOptions(OFFICIAL_RUNS),
			);
		});

		it('@octokit/webhooks-methods: what it signs verifies under the github preset; what we sign it verifies', async () => {
			await fc.assert(
				fc.asyncProperty(
					fc.string({ minLength: 1, maxLength: 40 }),
					payloadArb,
					fc.boolean(),
					async (secret, payload, forge) => {
						let signature = await octokitSign(secret, payload);
						if (forge) signature = signature.replace(/=([0-9a-f])/, (_m, c: string) => `=${c === '0' ? '1' : '0'}`);
						check('official:octokit', {
							steps: ['octokit', forge ? 'forged' : 'genuine'],
							config: resolvePreset('github'),
							input: {
								rawBody: Buffer.from(payload),
								headers: { 'x-hub-signature-256': signature },
								secrets: { current: secret },
								nowMs: Date.now(),
							},
							expect: forge ? { ok: false, reasons: ['signature_mismatch'] } : { ok: true, secret: 'current' },
						});
						const ours = signRequest(resolvePreset('github'), secret, { body: Buffer.from(payload) });
						await expect(octokitVerify(secret, payload, ours['X-Hub-Signature-256'])).resolves.toBe(true);
					},
				),
				propertyOptions(OFFICIAL_RUNS),
			);
		});

		/** Flips one bit of a signature (bit 0 is the lowest of byte 0): what a forger without the private key might try. */
		const forged = (signature: Buffer, bit: number) => {
			const copy = Buffer.from(signature);
			copy[Math.floor(bit / 8) % copy.length] ^= 1 << bit % 8;
			return copy;
		};

		it('discord-interactions: verifyKey and the discord sender agree on what we sign with node:crypto, and on forgeries', async () => {
			const hexKey = Buffer.from(ED25519.publicKey.export({ format: 'jwk' }).x as string, 'base64url').toString('hex');
			const parsed = parsePublicKey(hexKey, 'ed25519');
			if (!parsed.ok) throw new Error(parsed.problem);
			await fc.assert(
				fc.asyncProperty(payloadArb, fc.boolean(), fc.nat(), async (payload, forge, at) => {
					const timestamp = String(Math.floor(Date.now() / 1000));
					let signature = sign(null, Buffer.from(`${timestamp}${payload}`), ED25519.privateKey);
					if (forge) signature = forged(signature, at);
					const headers = { 'x-signature-ed25519': signature.toString('hex'), 'x-signature-timestamp': timestamp };
					check('official:discord', {
						steps: ['discord-interactions', forge ? 'forged' : 'genuine'],
						config: DISCORD,
						input: {
							rawBody: Buffer.from(payload),
							headers,
							secrets: { current: '' },
							nowMs: Date.now(),
							publicKeys: { current: parsed.key },
						},
						expect: forge ? { ok: false, reasons: ['signature_mismatch'] } : { ok: true, secret: 'current' },
					});
					await expect(discordVerifyKey(payload, headers['x-signature-ed25519'], timestamp, hexKey)).resolves.toBe(
						!forge,
					);
				}),
				propertyOptions(OFFICIAL_RUNS),
			);
		});

		it('@sendgrid/eventwebhook: verifySignature and the sendgrid sender agree on what we sign with node:crypto, and on forgeries', () => {
			const base64Key = ECDSA.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
			const parsed = parsePublicKey(base64Key, 'ecdsa');
			if (!parsed.ok) throw new Error(parsed.problem);
			const library = new EventWebhook();
			const theirKey = library.convertPublicKeyToECDSA(base64Key);
			fc.assert(
				fc.property(payloadArb, fc.constantFrom('genuine', 'value', 'anywhere'), fc.nat(), (payload, how, at) => {
					const timestamp = String(Math.floor(Date.now() / 1000));
					const genuine = sign('sha256', Buffer.from(`${timestamp}${payload}`), ECDSA.privateKey);
					// 'value' flips a bit of s (its last 16 bytes), another signature to both verifiers; 'anywhere' may
					// hit DER's tags and lengths, which the library parses leniently (it accepts some such re-encodings
					// of a genuine signature) while OpenSSL takes only canonical DER: there we refuse, never the reverse.
					const signature =
						how === 'genuine'
							? genuine
							: forged(genuine, how === 'value' ? (genuine.length - 1 - (at % 16)) * 8 + (at % 8) : at);
					const headers = {
						'X-Twilio-Email-Event-Webhook-Signature': signature.toString('base64'),
						'X-Twilio-Email-Event-Webhook-Timestamp': timestamp,
					};
					check('official:sendgrid', {
						steps: ['@sendgrid/eventwebhook', how],
						config: SENDGRID,
						input: {
							rawBody: Buffer.from(payload),
							headers,
							secrets: { current: '' },
							nowMs: Date.now(),
							publicKeys: { current: parsed.key },
						},
						expect:
							how === 'genuine'
								? { ok: true, secret: 'current' }
								: { ok: false, reasons: ['signature_mismatch', 'malformed_header'] },
					});
					let theirs: boolean;
					try {
						theirs = library.verifySignature(theirKey, payload, signature.toString('base64'), timestamp);
					} catch {
						theirs = false; // the library throws on DER it cannot parse
					}
					if (how !== 'anywhere') expect(theirs).toBe(how === 'genuine');
				}),
				// The library is pure JavaScript elliptic-curve arithmetic: tens of milliseconds a signature.
				propertyOptions(Math.ceil(OFFICIAL_RUNS / 10)),
			);
		});
	});
});

afterAll(() => {
	const totals = {
		cases: tally.total('cases'),
		genuine: tally.total('genuine'),
		forged: tally.total('forged'),
		hostile: tally.total('hostile'),
		forgedAccepted: tally.total('forgedAccepted'),
		genuineRefused: tally.total('genuineRefused'),
		unexpectedErrors: tally.total('unexpectedErrors'),
		wrongReasons: tally.total('wrongReasons'),
		signerChecks: tally.total('signerChecks'),
		signerDisagreements: tally.total('signerDisagreements'),
		schemes: tally.groups.size,
	};
	tally.report(
		`${totals.cases} cases, ${totals.forgedAccepted} forged accepted, ${totals.genuineRefused} genuine refused, ` +
			`${totals.unexpectedErrors} unexpected errors (${totals.genuine} genuine, ${totals.forged} forged, ` +
			`${totals.hostile} broken configs, ${totals.wrongReasons} wrong reasons, ${totals.signerChecks} signRequest cross-checks, ` +
			`${totals.schemes} groups)`,
		totals,
	);
});
