/** Cases for `none`. */
import { addNoise, bodyArb, chance, draw, junkTextArb, pick, toBag, type Entry, type G } from '../wire';
import { type Case, accept } from './case';
import { utf8SecretArb } from './secrets';

/** `none` verifies nothing: whatever arrives passes, with or without body and secrets. */
export function noneCase(g: G): Case {
	const entries: Entry[] = [];
	addNoise(g, entries, []);
	if (chance(g, 50))
		entries.push([
			pick(g, ['Authorization', 'X-Hub-Signature-256', 'Stripe-Signature', 'webhook-signature']),
			draw(g, junkTextArb),
		]);
	return {
		steps: ['none'],
		config: { method: 'none' },
		input: {
			rawBody: chance(g, 80) ? draw(g, bodyArb) : undefined,
			headers: toBag(entries),
			secrets: { current: chance(g, 50) ? draw(g, utf8SecretArb) : '' },
			nowMs: Date.now(),
		},
		expect: accept('none'),
	};
}
