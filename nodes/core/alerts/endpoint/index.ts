/** The client side of a Manage365-style alert endpoint (send and credential test): pure core, no n8n imports. */
export { alertBody, checkEndpoint, endpointHeaders, type AlertEndpoint, type EndpointCheck } from './endpoint';
export {
	acceptedAlertId,
	failureForStatus,
	remoteMessages,
	type EndpointFailure,
	type EndpointFailureReason,
} from './outcome';
export { sendAlert, type SendAlertOptions, type SendAlertResult } from './sendAlert';
export { probeAlertEndpoint, type ProbeResult } from './probe';
