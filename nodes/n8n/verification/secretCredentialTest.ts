import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { checkSecret } from '../../core/verification/secretCheck';

/** A webhook secret has no server to ask, so the test checks its form locally. */
export async function hooklineSecretApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const result = checkSecret(String(data.secret ?? ''), String(data.previousSecret ?? ''));
	return result.ok
		? { status: 'OK', message: 'The secret is well formed' }
		: { status: 'Error', message: result.message };
}
