import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { parsePublicKey } from '../../core/verification';

/** Which kind of key was pasted; the credential does not know its scheme, so either passes. */
function describeKey(text: string): { ok: true; kind: string } | { ok: false; problem: string } {
	const ed25519 = parsePublicKey(text, 'ed25519');
	if (ed25519.ok) return { ok: true, kind: 'an Ed25519 public key' };
	const ecdsa = parsePublicKey(text, 'ecdsa');
	if (ecdsa.ok) return { ok: true, kind: 'an ECDSA P-256 public key' };
	return { ok: false, problem: ecdsa.problem };
}

/** A public key has no server to ask, so the test parses it locally. */
export async function hooklinePublicKeyApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const current = describeKey(String(data.publicKey ?? ''));
	if (!current.ok) return { status: 'Error', message: `Public Key: ${current.problem}` };
	const previousText = String(data.previousPublicKey ?? '');
	if (previousText) {
		const previous = describeKey(previousText);
		if (!previous.ok) return { status: 'Error', message: `Previous Public Key: ${previous.problem}` };
	}
	return { status: 'OK', message: `The key is ${current.kind}` };
}
