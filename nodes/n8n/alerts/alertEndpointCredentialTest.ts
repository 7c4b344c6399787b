import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunctions,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { probeAlertEndpoint } from '../../core/alerts/endpoint';
import { outboundHttp } from '../delivery/outboundHttp';

const PROBE_TIMEOUT_MS = 10_000;

/** Tests a Hookline Alert Endpoint credential against the endpoint itself: see probeAlertEndpoint for why an
 * empty alert answered 400 is the success case. */
export async function hooklineAlertEndpointApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const result = await probeAlertEndpoint(
		{ url: String(data.url ?? ''), token: String(data.token ?? '') },
		{ http: outboundHttp(data.allowPrivateNetwork === true), timeoutMs: PROBE_TIMEOUT_MS },
	);
	return { status: result.ok ? 'OK' : 'Error', message: result.message };
}
