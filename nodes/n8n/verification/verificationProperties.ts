import type { INodeProperties } from 'n8n-workflow';

import { hmacSchemeProperties } from './hmacSchemeProperties';
import { showFor } from '../displayOptions';

/** Parameters that choose and configure inbound verification; shared by the triggers and Hookline Verify so
 * a saved workflow means the same thing on every node. */

const forVerification = (...verification: string[]) => showFor('verification', ...verification);

const TIMESTAMPED = ['hmac', 'standardWebhooks', 'stripe', 'slack'];

export const verificationProperties: INodeProperties[] = [
	{
		displayName: 'Verification',
		name: 'verification',
		type: 'options',
		noDataExpression: true,
		// Alphabetical, as the lint requires; the presets say which sender they are for.
		options: [
			{
				name: 'Bearer Token',
				value: 'bearer',
				description: 'Authorization: Bearer &lt;secret&gt;',
			},
			{
				name: 'GitHub',
				value: 'github',
				description: 'X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the body&gt;',
			},
			{
				name: 'Header Token',
				value: 'headerToken',
				description: 'A header you name carries the secret itself',
			},
			{
				name: 'HMAC Signature',
				value: 'hmac',
				description: 'Any HMAC scheme: algorithm, encoding, header, prefix and signed content',
			},
			{
				name: 'MSP Manager',
				value: 'mspManager',
				description: 'X-Webhook-Signature: base64 HMAC-SHA256 of the body',
			},
			{
				name: 'None',
				value: 'none',
				description: 'Accept every request. Only for testing or when the network already authenticates.',
			},
			{
				name: 'OneManage',
				value: 'oneManage',
				description: 'X-OneManage-Signature: hex HMAC-SHA256 of the body',
			},
			{
				name: 'Shopify',
				value: 'shopify',
				description: 'X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the body',
			},
			{
				name: 'Slack',
				value: 'slack',
				description: 'X-Slack-Signature: v0=&lt;hex&gt; over v0:timestamp:body, 5 minute window',
			},
			{
				name: 'Standard Webhooks / Svix',
				value: 'standardWebhooks',
				description: 'The Standard Webhooks headers with v1,&lt;base64&gt; signatures and a whsec_ secret',
			},
			{
				name: 'Stripe',
				value: 'stripe',
				description: 'Stripe-Signature: t=&lt;timestamp&gt;,v1=&lt;hex&gt; with the whole whsec_ secret as the key',
			},
		],
		default: 'hmac',
		description: 'How a request proves it comes from the sender. Failed checks are answered 401.',
	},
	{
		displayName: 'Header Name',
		name: 'authHeaderName',
		type: 'string',
		default: 'X-Api-Key',
		required: true,
		displayOptions: forVerification('headerToken'),
		description: 'Name of the header whose value must equal the secret',
	},
	...hmacSchemeProperties(forVerification('hmac'), {
		sha1: 'Only for legacy senders',
		encoding: 'How the sender writes the signature bytes into the header',
		header: 'Header that carries the signature (case does not matter)',
		prefix: 'Text before the signature in the header, if the sender adds one',
		signedContent:
			'What the sender signs. {body} is the exact raw body, {timestamp} the timestamp header, {ID} the ID header; other text is taken literally.',
		signedContentHint: 'Signatures are always computed over the exact bytes received, never over re-serialised JSON',
		timestampHeader:
			'Header with the Unix time (seconds) of the request. When set, old or future requests are refused (replay protection).',
		idHeader: 'Header whose value replaces {ID} in the signed content, if the sender signs one',
	}),
	{
		displayName: 'Tolerance (Seconds)',
		name: 'toleranceSeconds',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 300,
		displayOptions: forVerification(...TIMESTAMPED),
		description:
			'How far the request timestamp may be from now, in either direction. 0 turns the age check off (not recommended).',
	},
];
