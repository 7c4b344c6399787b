import { safeEqualString } from './constantTime';

/** Checks a webhook secret for the mistakes people make when pasting one; the result never repeats it. */
export function checkSecret(secret: string, previousSecret = ''): { ok: true } | { ok: false; message: string } {
	if (!secret) return { ok: false, message: 'The secret is empty' };
	if (/^\s|\s$/.test(secret)) {
		return {
			ok: false,
			message: 'The secret starts or ends with white space; senders would sign with a different key',
		};
	}
	if (secret.startsWith('whsec_') && !/^[A-Za-z0-9+/]+={0,2}$/.test(secret.slice('whsec_'.length))) {
		return {
			ok: false,
			message: 'The secret starts with whsec_ but the rest is not base64, as Standard Webhooks needs',
		};
	}
	// Constant-time like every comparison of secret material, though no sender can time a credential test.
	if (previousSecret && safeEqualString(previousSecret, secret)) {
		return { ok: false, message: 'The previous secret equals the current one; clear it or enter the old secret' };
	}
	return { ok: true };
}
