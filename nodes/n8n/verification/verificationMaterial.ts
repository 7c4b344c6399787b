import type { IExecuteFunctions, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import type { BasicCredentials, PublicKeys, Secrets, VerificationConfig } from '../../core/verification';
import { credentialKindOf, readPublicKeys } from '../../core/verification';
import { userError } from '../errors';

type CredentialReader = IExecuteFunctions | IWebhookFunctions | IHookFunctions;

/** The key material a scheme checks requests against, from whichever credential it reads. None of it may ever
 * reach an item, a log or an error message. */
export interface VerificationMaterial {
	secrets: Secrets;
	/** Meta's GET subscription check. */
	verifyToken?: string;
	basicAuth?: BasicCredentials;
	publicKeys?: PublicKeys;
}

const NO_SECRET: Secrets = { current: '' };

async function readSecretCredential(ctx: CredentialReader): Promise<VerificationMaterial> {
	const credential = await ctx.getCredentials<{ secret?: string; previousSecret?: string; verifyToken?: string }>(
		'hooklineSecretApi',
	);
	const current = String(credential.secret ?? '');
	if (!current) {
		throw userError(ctx, 'The Hookline secret credential has no secret', {
			description: 'Open the credential and enter the shared secret the sender uses',
		});
	}
	const previous = String(credential.previousSecret ?? '');
	const verifyToken = String(credential.verifyToken ?? '');
	return {
		secrets: previous ? { current, previous } : { current },
		...(verifyToken ? { verifyToken } : {}),
	};
}

async function readBasicCredential(ctx: CredentialReader): Promise<VerificationMaterial> {
	const credential = await ctx.getCredentials<{ user?: string; password?: string }>('httpBasicAuth');
	const user = String(credential.user ?? '');
	const password = String(credential.password ?? '');
	if (!user || !password) {
		throw userError(ctx, 'The Basic Auth credential needs both a user and a password', {
			description: 'Enter the same user and password the sender is configured with',
		});
	}
	return { secrets: NO_SECRET, basicAuth: { user, password } };
}

async function readPublicKeyCredential(
	ctx: CredentialReader,
	kind: 'ed25519' | 'ecdsa',
): Promise<VerificationMaterial> {
	const credential = await ctx.getCredentials<{ publicKey?: string; previousPublicKey?: string }>(
		'hooklinePublicKeyApi',
	);
	const keys = readPublicKeys(String(credential.publicKey ?? ''), String(credential.previousPublicKey ?? ''), kind);
	if (!keys.ok) {
		throw userError(ctx, `The Hookline public key credential cannot be used: ${keys.problem}`, {
			description: `Paste the sender's ${kind === 'ed25519' ? 'Ed25519' : 'ECDSA P-256'} public key`,
		});
	}
	return { secrets: NO_SECRET, publicKeys: keys.keys };
}

/** Loads what the configured scheme needs, and only that. A key that cannot be parsed is the user's to fix, so it
 * is a clear error (at activation too), never a refusal per request. */
export async function readVerificationMaterial(
	ctx: CredentialReader,
	config: VerificationConfig,
): Promise<VerificationMaterial> {
	switch (credentialKindOf(config)) {
		case 'none':
			return { secrets: NO_SECRET };
		case 'basicAuth':
			return await readBasicCredential(ctx);
		case 'publicKey':
			return await readPublicKeyCredential(ctx, config.method as 'ed25519' | 'ecdsa');
		case 'secret':
			return await readSecretCredential(ctx);
	}
}
