import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { hmacSchemeProperties } from './hmacSchemeProperties';
import { showFor } from '../displayOptions';
import { PRESET_NAMES, PRESETS } from '../../core/verification';
import { publicKeySchemeProperties } from './publicKeySchemeProperties';
import { jwtProperties } from './jwtProperties';

/** Parameters that choose and configure inbound verification; shared by the triggers and Hookline Verify so
 * a saved workflow means the same thing on every node. */

const forVerification = (...verification: string[]) => showFor('verification', ...verification);

/** The schemes that are not a sender's preset; each preset's option comes from the core's table. */
const METHOD_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Basic Auth',
		value: 'basicAuth',
		description: 'Authorization: Basic with the user and password of a Basic Auth credential',
	},
	{
		name: 'ECDSA P-256 Signature',
		value: 'ecdsa',
		description: "An ECDSA (P-256, SHA-256) signature checked with the sender's public key",
	},
	{
		name: 'Ed25519 Signature',
		value: 'ed25519',
		description: "An Ed25519 signature checked with the sender's public key",
	},
	{
		name: 'JWT',
		value: 'jwt',
		description: 'Authorization: Bearer &lt;JWT&gt;, signed with the secret (HS256…) or a key of a JWKS URL',
	},
	{
		name: 'Query Token',
		value: 'queryToken',
		description: 'A query parameter carries the secret, for tools that cannot set headers',
	},
	{
		name: 'Bearer Token',
		value: 'bearer',
		description: 'Authorization: Bearer &lt;secret&gt;',
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
		name: 'None',
		value: 'none',
		description: 'Accept every request. Only for testing or when the network already authenticates.',
	},
	{
		name: 'Standard Webhooks / Svix',
		value: 'standardWebhooks',
		description: 'The Standard Webhooks headers with v1,&lt;base64&gt; signatures and a whsec_ secret',
	},
];

const PRESET_OPTIONS: INodePropertyOptions[] = PRESET_NAMES.map((value) => ({
	name: PRESETS[value].displayName,
	value,
	description: PRESETS[value].optionDescription,
}));

const TIMESTAMPED = [
	'hmac',
	'standardWebhooks',
	'ed25519',
	'ecdsa',
	...PRESET_NAMES.filter((name) => PRESETS[name].timestamped),
];

export const verificationProperties: INodeProperties[] = [
	{
		displayName: 'Verification',
		name: 'verification',
		type: 'options',
		noDataExpression: true,
		// Alphabetical, as n8n's lint wants of a literal list; the presets say which sender they are for.
		options: [...METHOD_OPTIONS, ...PRESET_OPTIONS].sort((a, b) => a.name.localeCompare(b.name)),
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
	{
		displayName: 'Query Parameter',
		name: 'queryParameter',
		type: 'string',
		default: 'token',
		required: true,
		displayOptions: forVerification('queryToken'),
		description: "Name of the query parameter whose value must equal the secret. It is removed from the item's query.",
		hint: 'A token in the URL ends up in proxy and server logs; prefer a header where the sender allows one',
	},
	...hmacSchemeProperties(forVerification('hmac'), {
		sha1: 'Only for legacy senders',
		encoding: 'How the sender writes the signature bytes into the header',
		header: 'Header that carries the signature (case does not matter)',
		prefix: 'Text before the signature in the header, if the sender adds one',
		signedContent:
			'What the sender signs. {body} is the exact raw body, {timestamp} the timestamp header, {id} the ID header; other text is taken literally.',
		signedContentHint: 'Signatures are always computed over the exact bytes received, never over re-serialised JSON',
		timestampHeader:
			'Header with the Unix time (seconds) of the request. When set, old or future requests are refused (replay protection).',
		idHeader: 'Header whose value replaces {id} in the signed content, if the sender signs one',
	}),
	...publicKeySchemeProperties(forVerification('ed25519', 'ecdsa')),
	...jwtProperties,
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
