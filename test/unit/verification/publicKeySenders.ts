/** How the public-key senders sign, from their documentation, for the tests (the presets are the integrator's):
 * Discord: https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers
 * SendGrid: https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features */
import type { VerificationConfig } from '../../../nodes/core/verification';

/** Ed25519, hex `X-Signature-Ed25519` over `{X-Signature-Timestamp}{body}`; the key is 64 hex digits. */
export const DISCORD: Extract<VerificationConfig, { method: 'ed25519' }> = {
	method: 'ed25519',
	encoding: 'hex',
	signatureHeader: 'X-Signature-Ed25519',
	signedContent: '{timestamp}{body}',
	timestampHeader: 'X-Signature-Timestamp',
};

/** ECDSA P-256, base64 DER signature over `{timestamp}{body}`; the key is base64 SPKI DER. */
export const SENDGRID: Extract<VerificationConfig, { method: 'ecdsa' }> = {
	method: 'ecdsa',
	encoding: 'base64',
	signatureHeader: 'X-Twilio-Email-Event-Webhook-Signature',
	signedContent: '{timestamp}{body}',
	timestampHeader: 'X-Twilio-Email-Event-Webhook-Timestamp',
};
