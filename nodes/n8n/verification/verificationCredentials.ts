import type { ICredentialsDisplayOptions } from 'n8n-workflow';

import { credentialKindOf, PRESET_NAMES, PRESETS, type CredentialKind } from '../../core/verification';

/** The credential each scheme that is not a preset reads; a JWT's depends on its key source (below). */
const METHOD_KINDS: Record<string, CredentialKind> = {
	none: 'none',
	bearer: 'secret',
	headerToken: 'secret',
	queryToken: 'secret',
	hmac: 'secret',
	standardWebhooks: 'secret',
	basicAuth: 'basicAuth',
	ed25519: 'publicKey',
	ecdsa: 'publicKey',
	jwt: 'secret',
};

/** The Verification values whose key material is in a credential of this kind. */
export function verificationValuesFor(kind: CredentialKind): string[] {
	const methods = Object.keys(METHOD_KINDS).filter((method) => METHOD_KINDS[method] === kind);
	return [...methods, ...PRESET_NAMES.filter((name) => credentialKindOf(PRESETS[name].config) === kind)];
}

/* When a verifying node shows each credential: the webhook secret, the sender's public key, or n8n's own Basic Auth
 * credential, each only for the schemes that read it. A JWT checked against a JWKS needs none. The nodes write the rest
 * of each entry literally, as n8n's lint reads their credentials list. */

export const secretCredentialDisplay: ICredentialsDisplayOptions = {
	show: { verification: verificationValuesFor('secret') },
	hide: { jwtKeySource: ['jwks'] },
};

export const publicKeyCredentialDisplay: ICredentialsDisplayOptions = {
	show: { verification: verificationValuesFor('publicKey') },
};

export const basicAuthCredentialDisplay: ICredentialsDisplayOptions = {
	show: { verification: verificationValuesFor('basicAuth') },
};
