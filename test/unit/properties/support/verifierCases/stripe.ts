/** Cases for Stripe. */
import { Buffer } from 'node:buffer';

import fc from 'fast-check';

import type { SecretLabel, VerificationConfig } from '../../../../../nodes/core/verification';
import {
	addNoise,
	bodyArb,
	chance,
	draw,
	flipBit,
	int,
	pick,
	reshape,
	timestampArb,
	WHITESPACE,
	type G,
} from '../wire';
import { type Case, accept, refuse, type Slot, type Draft, finish, setValue } from './case';
import { effectiveTolerance, freshNow } from './clocks';
import {
	slotMutation,
	bodyMutation,
	noSecretMutation,
	CLOCK_KINDS,
	isClockKind,
	clockMutation,
	wrongKeyMutation,
} from './mutations';
import { mac, planSecrets, labelOf, utf8Key, sameHmacKey, utf8SecretArb } from './secrets';

export function stripeCase(g: G, config: VerificationConfig): Case {
	const tolerance = effectiveTolerance((config as { toleranceSeconds?: number }).toleranceSeconds);
	const plan = planSecrets(g, utf8SecretArb, utf8Key, undefined, sameHmacKey);
	const body = draw(g, bodyArb);
	const ts = draw(g, timestampArb);
	const sign = (key: Buffer, tsText = String(ts), signedBody = body) =>
		mac('sha256', key, Buffer.concat([Buffer.from(`${tsText}.`, 'utf8'), signedBody]));
	const genuine = sign(utf8Key(plan.signer)!);
	const hex = chance(g, 85) ? genuine.toString('hex') : genuine.toString('hex').toUpperCase();
	const tItem = `t=${ts}`;
	const vItem = `v1=${hex}`;
	let label: SecretLabel = plan.label;

	const items = [tItem, vItem];
	const noisy = chance(g, 40);
	let otherGenuine = false;
	if (noisy) {
		const extra = draw(
			g,
			fc.array(
				fc.oneof(
					fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `v0=${Buffer.from(b).toString('hex')}`),
					fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => `v1=${Buffer.from(b).toString('hex')}`),
					fc.constantFrom('v1=', 'v1=abc', 'v1=zz', 'foo=bar', 'v2=1234', 'scheme=v1', 'v1=' + 'a'.repeat(63), 'v1==x'),
				),
				{ minLength: 1, maxLength: 3 },
			),
		);
		items.push(...extra);
		if (plan.secrets.previous && chance(g, 40)) {
			const otherKey = utf8Key(plan.label === 'current' ? plan.secrets.previous : plan.secrets.current)!;
			items.push(`v1=${sign(otherKey).toString('hex')}`);
			label = 'current';
			otherGenuine = !sameHmacKey(otherKey, utf8Key(plan.signer)!);
		}
	}
	const order = noisy
		? draw(g, fc.shuffledSubarray(items, { minLength: items.length, maxLength: items.length }))
		: items;
	const header = 'Stripe-Signature';
	const draft: Draft = {
		config,
		entries: [[header, order.join(',')]],
		body,
		secrets: plan.secrets,
		nowMs: freshNow(g, ts, tolerance),
		expect: accept(label),
		steps: [...plan.steps, `items:${order.length}`],
	};
	if (!noisy && hex === genuine.toString('hex')) {
		draft.signCheck = {
			secret: plan.signer,
			input: { body, timestampSeconds: ts },
			headers: { [header]: `${tItem},${vItem}` },
		};
	}
	const slot: Slot = { name: header, missing: 'missing_header' };
	const setItems = (next: string[]) => setValue(draft, header, next.join(','));
	const replaceItem = (from: string, to: string | undefined) =>
		setItems(order.flatMap((item) => (item === from ? (to === undefined ? [] : [to]) : [item])));

	if (chance(g, 50)) {
		const kinds: string[] = [
			'body',
			'slot',
			'noSecret',
			'prefixKey',
			...CLOCK_KINDS,
			'tsMissing',
			'tsTwice',
			'item',
			'commaJoin',
		];
		// With the rotation's other signature in the list, replacing the genuine one still verifies.
		if (!otherGenuine) kinds.push('wrongSecret', 'sig', 'space');
		const kind = pick(g, kinds);
		if (isClockKind(kind)) clockMutation(g, draft, kind, ts, tolerance, (text) => replaceItem(tItem, `t=${text}`));
		switch (kind) {
			case 'body':
				bodyMutation(g, draft, body);
				break;
			case 'slot':
				slotMutation(g, draft, slot);
				break;
			case 'wrongSecret': {
				const key = utf8Key(draw(g, utf8SecretArb))!;
				wrongKeyMutation(draft, key, utf8Key, () => replaceItem(vItem, `v1=${sign(key).toString('hex')}`));
				break;
			}
			case 'noSecret':
				noSecretMutation(g, draft);
				break;
			case 'prefixKey': {
				// Stripe keys are the whole secret text: without whsec_, or base64-decoded, they are other keys.
				const text = plan.signer.startsWith('whsec_') ? plan.signer.slice(6) : `whsec_${plan.signer}`;
				const key = chance(g, 50)
					? Buffer.from(text, 'utf8')
					: Buffer.from(plan.signer.replace(/^whsec_/, ''), 'base64');
				if (sameHmacKey(key, utf8Key(plan.signer)!) || labelOf(key, draft.secrets, utf8Key, sameHmacKey)) break;
				draft.steps.push('prefixKey');
				setItems([tItem, `v1=${sign(key).toString('hex')}`]);
				draft.expect = refuse('signature_mismatch');
				break;
			}
			case 'tsMissing':
				draft.steps.push('tsMissing');
				replaceItem(tItem, chance(g, 50) ? undefined : `T=${ts}`);
				draft.expect = refuse('missing_timestamp');
				break;
			case 'tsTwice': {
				// Two timestamps make the reading ambiguous, even when they agree.
				draft.steps.push('tsTwice');
				const second = chance(g, 50) ? tItem : `t=${draw(g, timestampArb)}`;
				setItems([...order.slice(0, 1), second, ...order.slice(1)]);
				draft.expect = refuse('malformed_header');
				break;
			}
			case 'item': {
				const [how, bad] = pick(g, [
					['noEquals', 'garbage'],
					['emptyItem', ''],
					['leadingEquals', '=x'],
				] as const);
				draft.steps.push(`item:${how}`);
				const at = int(g, 0, order.length);
				setItems([...order.slice(0, at), bad, ...order.slice(at)]);
				draft.expect = refuse('malformed_header');
				break;
			}
			case 'sig': {
				const [how, item] = pick(g, [
					['flip', `v1=${flipBit(g, genuine).toString('hex')}`],
					['truncate', `v1=${hex.slice(0, 62)}`],
					['odd', `v1=${hex.slice(0, 63)}`],
					['extend', `v1=${hex}00`],
					['base64', `v1=${genuine.toString('base64')}`],
					['renamed', `${pick(g, ['v0', 'V1', 'v2', 'v1 '])}=${hex}`],
					['0x', `v1=0x${hex}`],
					['nonHex', `v1=${hex.slice(0, 63)}g`],
				] as const);
				draft.steps.push(`sig:${how}`);
				replaceItem(vItem, item);
				draft.expect = refuse('malformed_header', 'signature_mismatch');
				break;
			}
			case 'space': {
				// Whitespace around the items that matter: Stripe's format has none, so they no longer read.
				const target = pick(g, [tItem, vItem]);
				const spaced = chance(g, 50) ? ` ${target}` : `${target}${pick(g, WHITESPACE)}`;
				draft.steps.push(`space:${target === tItem ? 't' : 'v1'}`);
				replaceItem(target, spaced);
				draft.expect = refuse('missing_timestamp', 'invalid_timestamp', 'malformed_header', 'signature_mismatch');
				break;
			}
			case 'commaJoin': {
				// A proxy joining two copies of the header with ", ": the second t reads as " t", an unknown key.
				draft.steps.push('commaJoin');
				const value = order.join(',');
				setValue(draft, header, `${value}, ${value}`);
				if (!order[0].startsWith('t=')) draft.expect = refuse('malformed_header');
				break;
			}
		}
	}
	draft.steps.push(...reshape(g, draft.entries, [header]));
	addNoise(g, draft.entries, [header]);
	return finish(draft);
}
