/** Every comparison of secret material is constant-time: statically, no `===`, `.equals()`, `.compare()` or
 * search method compares it in the verification code; dynamically, every scheme's decision comes from the
 * constant-time helpers (and crypto.timingSafeEqual under them), with no early exit. */
import { Buffer } from 'node:buffer';
import * as crypto from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

jest.mock('node:crypto', () => {
	const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
	return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});
jest.mock('../../../nodes/core/verification/constantTime', () => {
	const actual = jest.requireActual<typeof import('../../../nodes/core/verification/constantTime')>(
		'../../../nodes/core/verification/constantTime',
	);
	return { ...actual, safeEqual: jest.fn(actual.safeEqual), safeEqualString: jest.fn(actual.safeEqualString) };
});

import * as constantTime from '../../../nodes/core/verification/constantTime';
import {
	resolvePreset,
	verifySignature,
	type HeaderBag,
	type Secrets,
	type VerificationConfig,
	type VerifyInput,
} from '../../../nodes/core/verification';
import { findSecretComparisons, type Finding } from './support/secretComparisons';
import { Tally } from './support/tally';

const timingSafeEqual = crypto.timingSafeEqual as jest.MockedFunction<typeof crypto.timingSafeEqual>;
const safeEqual = constantTime.safeEqual as jest.MockedFunction<typeof constantTime.safeEqual>;
const safeEqualString = constantTime.safeEqualString as jest.MockedFunction<typeof constantTime.safeEqualString>;
const actualSafeEqual = jest.requireActual<typeof constantTime>('../../../nodes/core/verification/constantTime');

const tally = new Tally('constant-time');
const ROOT = join(__dirname, '../../..');
const SCANNED = ['nodes/core/verification', 'nodes/core/triggers'];

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return sourceFiles(path);
		return name.endsWith('.ts') ? [path] : [];
	});
}

const scan = (source: string) => findSecretComparisons(source, 'snippet.ts').findings;

/** Comparisons the scan flags that are not of secret material, each with the reason. Every entry must still be
 * found, so one that no longer matches anything is noticed and removed. */
const NOT_SECRET_MATERIAL: Array<Pick<Finding, 'file' | 'text'> & { reason: string }> = [
	{
		file: 'nodes/core/verification/tokens.ts',
		text: "Buffer.from(text, 'utf8').equals(bytes)",
		reason:
			'parseBasic checks that the presented Basic credentials are valid UTF-8 by re-encoding them: both sides are ' +
			'the bytes the caller sent, nothing of the configured user or password, so the timing tells the caller only ' +
			'about its own request. The credentials themselves are compared with safeEqualString.',
	},
];
const isAllowed = (finding: Finding) =>
	NOT_SECRET_MATERIAL.some((entry) => entry.file === finding.file && entry.text === finding.text);

describe('static scan for comparisons of secret material', () => {
	it('finds none in the verification code', () => {
		const findings: Finding[] = [];
		let files = 0;
		for (const dir of SCANNED) {
			for (const file of sourceFiles(join(ROOT, dir))) {
				const result = findSecretComparisons(readFileSync(file, 'utf8'), relative(ROOT, file));
				files++;
				tally.add('scan', 'files');
				tally.add('scan', 'comparisons', result.comparisons);
				tally.add('scan', 'findings', result.findings.filter((finding) => !isAllowed(finding)).length);
				tally.add('scan', 'allowed', result.findings.filter(isAllowed).length);
				findings.push(...result.findings);
			}
		}
		expect(files).toBeGreaterThan(15);
		expect(findings.filter((finding) => !isAllowed(finding))).toEqual([]);
		for (const entry of NOT_SECRET_MATERIAL) {
			expect(findings.filter((finding) => finding.file === entry.file && finding.text === entry.text)).toHaveLength(1);
		}
	});

	it.each([
		'if (sig === expected) ok();',
		'return signature !== computed;',
		'const same = token == secrets.current;',
		'if (expectedDigest.toString("hex") === provided) {}',
		'if (computeHmac(algorithm, key, content) === header.value) {}',
		'return candidate.key === other;',
		'return hmacKey != theirs;',
		'if (a.equals(b)) {}',
		'if (Buffer.compare(x, y) === 0) {}',
		'switch (token) { case "x": break; }',
		'if (secrets.includes(token)) {}',
		'if (expected.startsWith(provided)) {}',
		'if (provided.localeCompare(expected) === 0) {}',
		'if (Object.is(sig, other)) {}',
		'if (allowed.has(authorization)) {}',
		'const ok = (mac as string) === (value!);',
	])('catches %s', (snippet) => {
		expect(scan(snippet)).toHaveLength(1);
		tally.add('scan', 'planted');
	});

	it.each([
		"if (key === 't') {}",
		"if (typeof secret === 'string') {}",
		'if (signatures.length === 0) {}',
		'if (a.length !== b.length) {}',
		'if (bytes?.length === SIGNATURE_LENGTH) {}',
		'if (key.toLowerCase() !== wanted) {}',
		'if (secret.startsWith(WHSEC_PREFIX)) {}',
		'if (matched === undefined) {}',
		"if (parts[1].toLowerCase() !== 'bearer') {}",
		'if (token === null) {}',
		'if (safeEqual(expected, signature)) {}',
	])('leaves alone %s', (snippet) => {
		expect(scan(snippet)).toEqual([]);
	});
});

// ---- dynamic: every scheme decides through the helpers ----------------------------------------------------------

const NOW_S = 1_700_000_000;
const body = Buffer.from('{"event":"ping","n":1}');
const hmac = (algorithm: string, key: Buffer | string, content: Buffer | string) =>
	crypto.createHmac(algorithm, key).update(content).digest();
const swKey = Buffer.from('c2VjcmV0LWtleS1mb3ItdGVzdHM=', 'base64');
const swSecret = `whsec_${swKey.toString('base64')}`;
const swOldKey = Buffer.from('b2xkLXNlY3JldC1rZXk=', 'base64');
const swOld = `whsec_${swOldKey.toString('base64')}`;

interface SchemeFixture {
	name: string;
	config: VerificationConfig;
	secrets: Secrets;
	/** Headers signed with the given secret (independently, with node:crypto), or carrying the token. */
	headers(secret: 'current' | 'previous' | 'forged'): HeaderBag;
	/** The bytes the helper must see as (expected, provided) for a genuine request; tokens compare strings. */
	helper: 'safeEqual' | 'safeEqualString';
	expectedMac?: () => Buffer;
	/** What the scheme reads besides headers (a query, a parsed body, the URL, another raw body). */
	extra?(secret: 'current' | 'previous' | 'forged'): Partial<VerifyInput>;
}

const keyFor = (secrets: Secrets, which: 'current' | 'previous' | 'forged') =>
	which === 'forged' ? 'not-the-secret' : which === 'current' ? secrets.current : secrets.previous!;

function hmacFixture(
	name: string,
	config: Extract<VerificationConfig, { method: 'hmac' }>,
	render: (mac: Buffer) => string,
): SchemeFixture {
	const secrets = { current: `${name}-secret`, previous: `${name}-old` };
	const content = () => (config.signedContent ? Buffer.concat([Buffer.from(`v0:${NOW_S}:`), body]) : body);
	return {
		name,
		config,
		secrets,
		helper: 'safeEqual',
		headers: (which) => ({
			[config.signatureHeader]: render(hmac(config.algorithm, keyFor(secrets, which), content())),
			...(config.timestampHeader ? { [config.timestampHeader]: String(NOW_S) } : {}),
		}),
		expectedMac: () => hmac(config.algorithm, secrets.current, content()),
	};
}

const presetHmac = (
	name: 'github' | 'shopify' | 'slack' | 'mspManager' | 'oneManage' | 'zoom' | 'meta' | 'pagerDuty' | 'autotask',
	render: (mac: Buffer) => string,
) => hmacFixture(`preset ${name}`, resolvePreset(name) as Extract<VerificationConfig, { method: 'hmac' }>, render);

const FIXTURES: SchemeFixture[] = [
	presetHmac('github', (mac) => `sha256=${mac.toString('hex')}`),
	presetHmac('shopify', (mac) => mac.toString('base64')),
	presetHmac('slack', (mac) => `v0=${mac.toString('hex')}`),
	presetHmac('mspManager', (mac) => mac.toString('base64')),
	presetHmac('oneManage', (mac) => mac.toString('hex')),
	presetHmac('zoom', (mac) => `v0=${mac.toString('hex')}`),
	presetHmac('meta', (mac) => `sha256=${mac.toString('hex')}`),
	presetHmac('pagerDuty', (mac) => `v1=${mac.toString('hex')}`),
	presetHmac('autotask', (mac) => `sha1=${mac.toString('base64')}`),
	hmacFixture(
		'hmac sha1 hex',
		{ method: 'hmac', algorithm: 'sha1', encoding: 'hex', signatureHeader: 'X-Sig' },
		(mac) => mac.toString('hex'),
	),
	hmacFixture(
		'hmac sha512 base64',
		{ method: 'hmac', algorithm: 'sha512', encoding: 'base64', signatureHeader: 'X-Sig' },
		(mac) => mac.toString('base64'),
	),
	{
		name: 'preset stripe',
		config: resolvePreset('stripe'),
		secrets: { current: 'whsec_stripe_current', previous: 'whsec_stripe_old' },
		helper: 'safeEqual',
		headers(which) {
			const mac = hmac('sha256', keyFor(this.secrets, which), Buffer.concat([Buffer.from(`${NOW_S}.`), body]));
			return { 'Stripe-Signature': `t=${NOW_S},v1=${mac.toString('hex')}` };
		},
		expectedMac() {
			return hmac('sha256', this.secrets.current, Buffer.concat([Buffer.from(`${NOW_S}.`), body]));
		},
	},
	{
		name: 'standardWebhooks',
		config: { method: 'standardWebhooks' },
		secrets: { current: swSecret, previous: swOld },
		helper: 'safeEqual',
		headers(which) {
			const key = which === 'forged' ? Buffer.from('forged') : which === 'current' ? swKey : swOldKey;
			const mac = hmac('sha256', key, Buffer.concat([Buffer.from(`msg_1.${NOW_S}.`), body]));
			return {
				'webhook-id': 'msg_1',
				'webhook-timestamp': String(NOW_S),
				'webhook-signature': `v1,${mac.toString('base64')}`,
			};
		},
		expectedMac: () => hmac('sha256', swKey, Buffer.concat([Buffer.from(`msg_1.${NOW_S}.`), body])),
	},
	{
		name: 'bearer',
		config: { method: 'bearer' },
		secrets: { current: 'bearer-current-token', previous: 'bearer-old-token' },
		helper: 'safeEqualString',
		headers(which) {
			return { Authorization: `Bearer ${keyFor(this.secrets, which)}` };
		},
	},
	{
		name: 'queryToken',
		config: { method: 'queryToken', queryParameter: 'token' },
		secrets: { current: 'query-current-token', previous: 'query-old-token' },
		helper: 'safeEqualString',
		headers: () => ({}),
		extra(which) {
			return { query: { token: keyFor(this.secrets, which), other: 'x' } };
		},
	},
	{
		name: 'preset microsoftGraph',
		config: resolvePreset('microsoftGraph'),
		secrets: { current: 'graph-client-state', previous: 'graph-old-state' },
		helper: 'safeEqualString',
		headers: () => ({}),
		extra(which) {
			return { body: { value: [{ clientState: keyFor(this.secrets, which), changeType: 'created' }] } };
		},
	},
	{
		// A form body: the URL and the sorted parameters are signed (HMAC-SHA1, base64).
		name: 'preset twilio',
		config: resolvePreset('twilio'),
		secrets: { current: 'twilio-auth-token', previous: 'twilio-old-token' },
		helper: 'safeEqual',
		headers(which) {
			const url = 'https://n8n.example.com/webhook/sms';
			const mac = hmac('sha1', keyFor(this.secrets, which), `${url}BodyhelloFrom+15005550006`);
			return { 'X-Twilio-Signature': mac.toString('base64') };
		},
		extra: () => ({
			rawBody: Buffer.from('From=%2B15005550006&Body=hello'),
			url: 'https://n8n.example.com/webhook/sms',
		}),
	},
	{
		name: 'headerToken',
		config: { method: 'headerToken', headerName: 'X-Api-Key' },
		secrets: { current: 'header-current-token', previous: 'header-old-token' },
		helper: 'safeEqualString',
		headers(which) {
			return { 'X-Api-Key': keyFor(this.secrets, which) };
		},
	},
];

const input = (
	fixture: SchemeFixture,
	which: 'current' | 'previous' | 'forged',
	secrets = fixture.secrets,
): VerifyInput => ({
	rawBody: body,
	headers: fixture.headers(which),
	secrets,
	nowMs: NOW_S * 1000 + 500,
	...fixture.extra?.(which),
});

const helperOf = (fixture: SchemeFixture) => (fixture.helper === 'safeEqual' ? safeEqual : safeEqualString);

function callCounts(run: () => void): { helper: number; timingSafe: number } {
	safeEqual.mockClear();
	safeEqualString.mockClear();
	timingSafeEqual.mockClear();
	run();
	return {
		helper: safeEqual.mock.calls.length + safeEqualString.mock.calls.length,
		timingSafe: timingSafeEqual.mock.calls.length,
	};
}

afterEach(() => {
	safeEqual.mockImplementation(actualSafeEqual.safeEqual);
	safeEqualString.mockImplementation(actualSafeEqual.safeEqualString);
});

describe.each(FIXTURES)('$name decides through the constant-time helper', (fixture) => {
	it('calls it, and crypto.timingSafeEqual under it, on equal-length buffers', () => {
		const counts = callCounts(() => {
			expect(verifySignature(fixture.config, input(fixture, 'current'))).toMatchObject({ ok: true, secret: 'current' });
		});
		expect(helperOf(fixture)).toHaveBeenCalled();
		expect(counts.timingSafe).toBeGreaterThan(0);
		for (const [a, b] of timingSafeEqual.mock.calls) expect(a.byteLength).toBe(b.byteLength);
		if (fixture.expectedMac) {
			// The MAC it compares is the one computed independently here, against the one the request carries.
			const expected = fixture.expectedMac();
			expect(safeEqual.mock.calls.some(([a, b]) => a.equals(expected) && b.equals(expected))).toBe(true);
		}
		tally.add(fixture.name, 'schemes');
	});

	it('refuses a genuine request when the helper says "different"', () => {
		helperOf(fixture).mockReturnValue(false);
		expect(verifySignature(fixture.config, input(fixture, 'current'))).toMatchObject({
			ok: false,
			reason: 'signature_mismatch',
		});
	});

	it('accepts a forged (well-formed) request when the helper says "equal": no other comparison decides', () => {
		helperOf(fixture).mockReturnValue(true);
		expect(verifySignature(fixture.config, input(fixture, 'forged'))).toMatchObject({ ok: true });
	});

	it('does the same number of constant-time comparisons whichever secret matches, or none (no early exit)', () => {
		const current = callCounts(() => verifySignature(fixture.config, input(fixture, 'current')));
		const previous = callCounts(() =>
			expect(verifySignature(fixture.config, input(fixture, 'previous'))).toMatchObject({
				ok: true,
				secret: 'previous',
			}),
		);
		const forged = callCounts(() =>
			expect(verifySignature(fixture.config, input(fixture, 'forged'))).toMatchObject({
				ok: false,
				reason: 'signature_mismatch',
			}),
		);
		expect(previous).toEqual(current);
		expect(forged).toEqual(current);
		expect(current.helper).toBeGreaterThanOrEqual(2); // both secrets are always compared
	});
});

it('safeEqual compares in constant time even for unequal lengths (timingSafeEqual is still called)', () => {
	const counts = callCounts(() =>
		expect(actualSafeEqual.safeEqual(Buffer.from('abc'), Buffer.from('abcd'))).toBe(false),
	);
	expect(counts.timingSafe).toBe(1);
});

afterAll(() => {
	const totals = {
		files: tally.total('files'),
		comparisons: tally.total('comparisons'),
		findings: tally.total('findings'),
		allowed: tally.total('allowed'),
		planted: tally.total('planted'),
		schemes: tally.total('schemes'),
	};
	tally.report(
		`${totals.files} files scanned, ${totals.comparisons} comparisons inspected, ${totals.findings} on secret material, ` +
			`${totals.allowed} allowed as not secret material ` +
			`(${totals.planted} planted ones caught); ${totals.schemes} schemes decide through safeEqual/safeEqualString`,
		{ cases: totals.comparisons, ...totals },
	);
});
