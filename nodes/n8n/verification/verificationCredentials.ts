import type { INodeCredentialDescription } from 'n8n-workflow';

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

/** The credentials a verifying node offers, each shown only for the schemes that read it: the webhook secret,
 * the sender's public key, or n8n's own Basic Auth credential. A JWT checked against a JWKS needs none. */
export function verificationCredentials(): INodeCredentialDescription[] {
	return [
		{
			name: 'hooklineSecretApi',
			required: true,
			testedBy: 'hooklineSecretApiTest',
			displayOptions: {
				show: { verification: verificationValuesFor('secret') },
				hide: { jwtKeySource: ['jwks'] },
			},
		},
		{
			name: 'hooklinePublicKeyApi',
			required: true,
			testedBy: 'hooklinePublicKeyApiTest',
			displayOptions: { show: { verification: verificationValuesFor('publicKey') } },
		},
		{
			name: 'httpBasicAuth',
			required: true,
			displayOptions: { show: { verification: verificationValuesFor('basicAuth') } },
		},
	];
}
