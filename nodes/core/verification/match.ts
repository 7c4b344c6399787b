import type { Buffer } from 'node:buffer';

import { safeEqual } from './constantTime';
import type { KeyCandidate } from './keys';
import type { SecretLabel } from './types';

/** Which secret produced one of the provided signatures, if any. Every candidate's MAC is computed and
 * compared with every provided signature, with no early exit, so timing does not reveal which secret
 * matched or at which position. The current secret wins when both match. */
export function findMatchingSecret(
	candidates: readonly KeyCandidate[],
	mac: (key: Buffer) => Buffer,
	provided: readonly Buffer[],
): SecretLabel | undefined {
	let matched: SecretLabel | undefined;
	for (const candidate of candidates) {
		const expected = mac(candidate.key);
		let hit = false;
		for (const signature of provided) hit = safeEqual(expected, signature) || hit;
		if (hit && matched === undefined) matched = candidate.secret;
	}
	return matched;
}
