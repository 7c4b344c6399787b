/** Cases for Standard Webhooks. */
import { Buffer } from 'node:buffer';

import fc from 'fast-check';

import type { SecretLabel, VerificationConfig } from '../../../../../nodes/core/verification';
import {
	addNoise,
	bodyArb,
	chance,
	draw,
	flipBit,
	insertAt,
	junkTextArb,
	messageIdArb,
	nonCanonicalBase64,
	pick,
	reshape,
	timestampArb,
	type Entry,
	type G,
} from '../wire';
import { type Case, accept, refuse, type Slot, type Draft, finish, valueOf, setValue } from './case';
import { effectiveTolerance, freshNow } from './clocks';
import {
	slotMutation,
	bodyMutation,
	noSecretMutation,
	CLOCK_KINDS,
	isClockKind,
	clockMutation,
	wrongKeyMutation,
	idMutation,
} from './mutations';
import { mac, planSecrets, sameHmacKey, standardKey, standardSecretArb, unusableStandardSecretArb } from './secrets';

export function standardWebhooksCase(g: G): Case {
	const toleranceSeconds = chance(g, 70)
		? undefined
		: draw(g, fc.oneof(fc.integer({ min: 0, max: 3600 }), fc.constantFrom(-5, Number.NaN)));
	const tolerance = effectiveTolerance(toleranceSeconds);
	const config: VerificationConfig =
		toleranceSeconds === undefined ? { method: 'standardWebhooks' } : { method: 'standardWebhooks', toleranceSeconds };
	const plan = planSecrets(g, standardSecretArb, standardKey, unusableStandardSecretArb, sameHmacKey);
	const body = draw(g, bodyArb);
	const ts = draw(g, timestampArb);
	const id = draw(g, messageIdArb);
	const content = (o: { body?: Buffer; ts?: string; id?: string } = {}) =>
		Buffer.concat([Buffer.from(`${o.id ?? id}.${o.ts ?? String(ts)}.`, 'utf8'), o.body ?? body]);
	const sign = (key: Buffer, o?: Parameters<typeof content>[0]) => mac('sha256', key, content(o));
	const genuine = sign(standardKey(plan.signer)!);
	const genuineEntry = `v1,${genuine.toString('base64')}`;

	// The signature list: the genuine entry, maybe among others that must be skipped, maybe with the
	// rotation's other signature (then the current secret wins).
	const list: string[] = [genuineEntry];
	let okLabel: SecretLabel = plan.label;
	let otherGenuine = false;
	if (chance(g, 40)) {
		const junk = draw(
			g,
			fc.array(
				fc.oneof(
					fc.constant('v1,'),
					fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `v1,${Buffer.from(b).toString('base64')}`),
					fc
						.uint8Array({ minLength: 1, maxLength: 40 })
						.map((b) => `${pick(g, ['v2', 'v1a', 'V1', 'v0', ''])},${Buffer.from(b).toString('base64')}`),
					fc.constantFrom('v1,notbase64!', 'garbage', 'v1', 'v1a,xyz', 'v1,AAAA'),
				),
				{ minLength: 1, maxLength: 3 },
			),
		);
		list.splice(0, 0, ...junk);
	}
	if (plan.secrets.previous && chance(g, 30)) {
		const otherKey = standardKey(plan.label === 'current' ? plan.secrets.previous : plan.secrets.current);
		if (otherKey) {
			list.push(`v1,${sign(otherKey).toString('base64')}`);
			okLabel = 'current';
			otherGenuine = !sameHmacKey(otherKey, standardKey(plan.signer)!);
		}
	}
	const order = draw(g, fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }));
	const separator = () => (chance(g, 85) ? ' ' : '  ');
	let signature = order.reduce((text, entry, i) => (i === 0 ? entry : `${text}${separator()}${entry}`), '');
	if (chance(g, 5)) signature = ` ${signature} `; // stray outer spaces only make empty entries

	// Svix's original header names are read when the standard ones are absent, header by header.
	const names = { id: 'webhook-id', timestamp: 'webhook-timestamp', signature: 'webhook-signature' };
	for (const key of Object.keys(names) as Array<keyof typeof names>) if (chance(g, 15)) names[key] = `svix-${key}`;
	const entries: Entry[] = [
		[names.id, id],
		[names.timestamp, String(ts)],
		[names.signature, signature],
	];
	const draft: Draft = {
		config,
		entries,
		body,
		secrets: plan.secrets,
		nowMs: freshNow(g, ts, tolerance),
		expect: accept(okLabel),
		steps: [...plan.steps, `names:${Object.values(names).join('/')}`, `list:${order.length}`],
	};
	if (order.length === 1 && !signature.startsWith(' ') && Object.values(names).every((n) => n.startsWith('webhook-'))) {
		draft.signCheck = {
			secret: plan.signer,
			input: { body, id, timestampSeconds: ts },
			headers: { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': genuineEntry },
		};
	}
	const slots: Slot[] = [
		{ name: names.id, missing: 'missing_header' },
		{ name: names.timestamp, missing: 'missing_timestamp' },
		{ name: names.signature, missing: 'missing_header' },
	];
	const reserved = [
		'webhook-id',
		'webhook-timestamp',
		'webhook-signature',
		'svix-id',
		'svix-timestamp',
		'svix-signature',
	];

	if (chance(g, 50)) {
		const kinds: string[] = ['body', 'slot', 'noSecret', 'badSecret', ...CLOCK_KINDS, 'idChanged'];
		// With the rotation's other signature in the list, replacing the genuine one still verifies.
		if (!otherGenuine) kinds.push('wrongSecret', 'entry', 'onlyJunk');
		const kind = pick(g, kinds);
		const setEntry = (entry: string) => setValue(draft, names.signature, signature.replace(genuineEntry, entry));
		if (isClockKind(kind))
			clockMutation(g, draft, kind, ts, tolerance, (text) => setValue(draft, names.timestamp, text));
		switch (kind) {
			case 'body':
				bodyMutation(g, draft, body);
				break;
			case 'slot': {
				slotMutation(g, draft, pick(g, slots));
				// Junk in a header reads as whatever it resembles: refused, for one reason or another.
				if (!draft.expect.ok && draft.steps.at(-1)?.startsWith('junk')) draft.expect = refuse();
				break;
			}
			case 'wrongSecret': {
				const wrong = draw(
					g,
					fc.oneof(
						standardSecretArb,
						fc.constant(plan.signer).map((s) => `${s}x`),
					),
				);
				const key = standardKey(wrong) ?? Buffer.from(wrong, 'utf8');
				wrongKeyMutation(draft, key, standardKey, () =>
					setValue(draft, names.signature, `v1,${sign(key).toString('base64')}`),
				);
				break;
			}
			case 'noSecret':
				noSecretMutation(g, draft);
				break;
			case 'badSecret': {
				// The current secret is not a Standard Webhooks secret; or the sender used the secret's text as
				// the key (as Stripe does), which is a different key.
				if (chance(g, 50)) {
					draft.steps.push('badSecret');
					draft.secrets = { ...draft.secrets, current: draw(g, unusableStandardSecretArb) };
					draft.expect = refuse('invalid_secret');
				} else {
					draft.steps.push('utf8Key');
					setValue(draft, names.signature, `v1,${sign(Buffer.from(plan.signer, 'utf8')).toString('base64')}`);
					draft.expect = refuse('signature_mismatch');
				}
				break;
			}
			case 'idChanged':
				idMutation(g, draft, id, names.id);
				break;
			case 'entry': {
				const b64 = genuine.toString('base64');
				const [how, entry] = pick(g, [
					['version', `${pick(g, ['v2', 'V1', 'v1a', 'v', ''])},${b64}`],
					['separator', `v1${pick(g, ['=', ';', ':', ', ', ''])}${b64}`],
					['flip', `v1,${flipBit(g, genuine).toString('base64')}`],
					['truncate', `v1,${genuine.subarray(0, 31).toString('base64')}`],
					['extend', `v1,${Buffer.concat([genuine, Buffer.from([0])]).toString('base64')}`],
					['url', `v1,${genuine.toString('base64url')}`],
					['unpadded', `v1,${b64.replace(/=+$/, '')}`],
					['nonCanonical', `v1,${nonCanonicalBase64(b64)}`],
					['hex', `v1,${genuine.toString('hex')}`],
					['tab', `v1,${b64}\t`],
					['innerSpace', `v1,${insertAt(g, b64, '\t')}`],
					['quoted', `v1,"${b64}"`],
				] as const);
				if (entry === genuineEntry) break;
				draft.steps.push(`entry:${how}`);
				setEntry(entry);
				draft.expect = refuse('malformed_header', 'signature_mismatch');
				break;
			}
			case 'onlyJunk': {
				draft.steps.push('onlyJunk');
				const joined = chance(g, 50) ? order.join(',') : `${order.join('\t')}`;
				if (order.length > 1 && chance(g, 50)) {
					setValue(draft, names.signature, joined);
				} else {
					setValue(
						draft,
						names.signature,
						`v1,${Buffer.from(draw(g, fc.uint8Array({ minLength: 32, maxLength: 32 }))).toString('base64')}`,
					);
				}
				draft.expect = refuse('malformed_header', 'signature_mismatch');
				break;
			}
		}
	} else {
		if (chance(g, 15)) {
			// The standard header is present but blank, Svix's carries the value: blank means absent.
			const standard = slots.filter((s) => s.name.startsWith('webhook-'));
			const slot = standard.length ? pick(g, standard) : undefined;
			if (slot) {
				const svix = slot.name.replace('webhook-', 'svix-');
				draft.entries.push([svix, valueOf(draft, slot.name)]);
				setValue(draft, slot.name, '');
				draft.steps.push(`blankStandard:${slot.name}`);
			}
		} else if (chance(g, 15)) {
			// Both names present: the standard one wins, Svix's is ignored whatever it holds.
			const standard = slots.filter((s) => s.name.startsWith('webhook-'));
			const slot = standard.length ? pick(g, standard) : undefined;
			if (slot) {
				draft.entries.push([slot.name.replace('webhook-', 'svix-'), draw(g, junkTextArb)]);
				draft.steps.push(`svixIgnored:${slot.name}`);
			}
		} else if (chance(g, 20)) {
			// The same key with or without whsec_.
			const current = draft.secrets.current;
			draft.secrets = {
				...draft.secrets,
				current: current.startsWith('whsec_') ? current.slice(6) : `whsec_${current}`,
			};
			draft.steps.push('togglePrefix');
		}
	}
	draft.steps.push(
		...reshape(
			g,
			draft.entries,
			slots.map((s) => s.name),
		),
	);
	addNoise(g, draft.entries, reserved);
	return finish(draft);
}
