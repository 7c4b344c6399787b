/** Cases for HMAC, custom configurations and the HMAC presets. */
import { Buffer } from 'node:buffer';

import fc from 'fast-check';

import type { SecretLabel, VerificationConfig } from '../../../../../nodes/core/verification';
import {
	addNoise,
	bodyArb,
	chance,
	DIGEST_BYTES,
	draw,
	encodeAs,
	junkTextArb,
	messageIdArb,
	pick,
	reshape,
	timestampArb,
	VARIANTS,
	variantAccepted,
	type Entry,
	type G,
} from '../wire';
import { type Expect, type Case, accept, refuse, type Slot, type Draft, finish } from './case';
import { freshNow } from './clocks';
import { hmacHostile } from './hmacHostile';
import type { HmacSender } from './hmacSenders';
import { mac, renderTemplate, planSecrets, utf8Key, sameHmacKey, utf8SecretArb } from './secrets';

export function hmacCase(g: G, config: VerificationConfig, sender: HmacSender): Case {
	const keyEq = (a: Buffer, b: Buffer) => sameHmacKey(a, b, sender.algorithm);
	const plan = planSecrets(g, utf8SecretArb, utf8Key, undefined, keyEq);
	const body = draw(g, bodyArb);
	const ts = draw(g, timestampArb);
	const id = draw(g, messageIdArb);
	const checksAge = sender.timestampHeader !== undefined;
	const tsSigned = sender.template.includes('{timestamp}');
	const idSigned = sender.template.includes('{id}');
	const misconfigured = (tsSigned && !sender.timestampHeader) || (idSigned && !sender.idHeader);

	const content = (values: { body?: Buffer; timestamp?: string; id?: string; template?: string } = {}) =>
		renderTemplate(values.template ?? sender.template, {
			body: values.body ?? body,
			timestamp: values.timestamp ?? String(ts),
			id: values.id ?? id,
		});
	const genuine = mac(sender.algorithm, utf8Key(plan.signer)!, content());
	const canonical = VARIANTS[sender.encoding][0];
	const variant = chance(g, 70) ? canonical : pick(g, VARIANTS[sender.encoding]);
	const mask = g(fc.nat);
	const render = (bytes: Buffer) => `${sender.prefix}${encodeAs(bytes, variant, mask)}`;
	/** What a signature of these bytes, written in this case's variant, must verify as. */
	const verdict = (bytes: Buffer, label: SecretLabel | undefined): Expect => {
		if (bytes.length !== DIGEST_BYTES[sender.algorithm])
			return refuse('malformed_header', ...(sender.prefix ? [] : (['missing_header'] as const)));
		if (!variantAccepted(variant, encodeAs(bytes, variant, mask))) return refuse('malformed_header');
		return label ? accept(label) : refuse('signature_mismatch');
	};

	const entries: Entry[] = [[sender.header, render(genuine)]];
	if (checksAge) entries.push([sender.timestampHeader!, String(ts)]);
	if (idSigned && sender.idHeader) entries.push([sender.idHeader, id]);

	const draft: Draft = {
		config,
		entries,
		body,
		secrets: plan.secrets,
		nowMs: checksAge ? freshNow(g, ts, sender.tolerance) : draw(g, timestampArb) * 1000,
		expect: verdict(genuine, plan.label),
		steps: [...plan.steps, `variant:${variant}`],
	};
	if (!misconfigured && variant === canonical) {
		const headers: Record<string, string> = Object.fromEntries(entries.map(([k, v]) => [k, v as string]));
		draft.signCheck = {
			secret: plan.signer,
			input: { body, id: idSigned ? id : undefined, timestampSeconds: ts },
			headers,
		};
	}
	if (misconfigured) {
		// The template needs a header the configuration does not name: nothing can verify.
		draft.expect = refuse();
		draft.steps.push('misconfigured');
	}

	const slots: Slot[] = [{ name: sender.header, missing: 'missing_header' }];
	if (checksAge) slots.push({ name: sender.timestampHeader!, missing: 'missing_timestamp' });
	if (idSigned && sender.idHeader) slots.push({ name: sender.idHeader, missing: 'missing_header' });
	const reserved = [sender.header, sender.timestampHeader, sender.idHeader].filter((n): n is string => Boolean(n));

	if (draft.expect.ok && chance(g, 50)) {
		hmacHostile(g, draft, {
			sender,
			slots,
			body,
			ts,
			id,
			content,
			genuine,
			render,
			verdict,
			tsSigned,
			idSigned,
			checksAge,
		});
	} else if (sender.idHeader && !idSigned && chance(g, 30)) {
		draft.entries.push([sender.idHeader, draw(g, junkTextArb)]); // an id header the template ignores
		draft.steps.push('unusedIdHeader');
	}
	draft.steps.push(...reshape(g, draft.entries, reserved));
	addNoise(g, draft.entries, reserved);
	return finish(draft);
}
