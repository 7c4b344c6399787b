import { describeError } from '../../delivery/attemptError';
import type { HttpFunction } from '../../delivery/types';
import { checkEndpoint, endpointHeaders, type AlertEndpoint } from './endpoint';
import { failureForStatus, unreachable } from './outcome';

export interface ProbeResult {
	ok: boolean;
	message: string;
}

/**
 * The credential test: POST an empty alert with the token. An endpoint checks the token before the body, so
 * 400 (the empty alert is invalid, as expected) proves the URL is an alert endpoint that accepted the token,
 * and nothing is created; 401 is a refused token and 404 a URL that is no hook. A declarative credential
 * test cannot count a 400 as success, hence this function.
 */
export async function probeAlertEndpoint(
	endpoint: AlertEndpoint,
	options: { http: HttpFunction; timeoutMs: number },
): Promise<ProbeResult> {
	const checked = checkEndpoint(endpoint);
	if (!checked.ok) return { ok: false, message: checked.message };
	const headers = endpointHeaders(checked.token);
	let status: number;
	let body: string;
	try {
		const response = await options.http({
			url: checked.url,
			method: 'POST',
			headers,
			body: Buffer.from('{}'),
			timeoutMs: options.timeoutMs,
		});
		status = response.status;
		body = response.body.toString('utf8');
	} catch (error) {
		return { ok: false, message: unreachable(describeError(error, Object.values(headers)), checked.token).message };
	}
	if (status === 400)
		return {
			ok: true,
			message: 'The endpoint accepted the token (it refused the empty test alert with 400, as expected)',
		};
	if (status >= 200 && status <= 299) {
		return {
			ok: true,
			message: `The endpoint accepted the token, though it also accepted an empty test alert (HTTP ${status})`,
		};
	}
	const failure = failureForStatus(status, body, checked.token);
	return { ok: false, message: `${failure.message}. ${failure.description}` };
}
