import type { INodeProperties } from 'n8n-workflow';

import { showFor, showWhen } from '../displayOptions';

const ALGORITHMS = [
	'HS256',
	'HS384',
	'HS512',
	'RS256',
	'RS384',
	'RS512',
	'PS256',
	'PS384',
	'PS512',
	'ES256',
	'ES384',
	'ES512',
	'EdDSA',
];

const forJwt = showFor('verification', 'jwt');
const forKeySet = showWhen({ verification: ['jwt'], jwtKeySource: ['jwks'] });
const forPubSub = showFor('verification', 'googlePubSub');

/** The JWT scheme's fields, and the two a Google Pub/Sub push subscription must pin. */
export const jwtProperties: INodeProperties[] = [
	{
		displayName: 'Key Source',
		name: 'jwtKeySource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Secret (HS256, HS384, HS512)',
				value: 'secret',
				description: "The Hookline Webhook Secret credential's secret signs the token",
			},
			{
				name: 'JWKS URL',
				value: 'jwks',
				description: 'The sender publishes its public keys as a JSON Web Key Set',
			},
		],
		default: 'secret',
		displayOptions: forJwt,
		description: 'Where the key that checks the token comes from',
	},
	{
		displayName: 'JWKS URL',
		name: 'jwksUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://issuer.example.com/.well-known/jwks.json',
		displayOptions: forKeySet,
		description:
			'The key set, fetched through the same guard as outbound sends, cached, and fetched again for an unknown key ID (at most every 30 s)',
	},
	{
		displayName: 'Allow Private Network for JWKS',
		name: 'jwksAllowPrivateNetwork',
		type: 'boolean',
		default: false,
		displayOptions: forKeySet,
		description:
			"Whether the JWKS URL may point at a private, loopback or link-local address (e.g. an identity provider on the LAN); n8n's own SSRF settings still apply",
	},
	{
		displayName: 'Allowed Algorithms',
		name: 'jwtAlgorithms',
		type: 'multiOptions',
		options: ALGORITHMS.map((name) => ({ name, value: name })),
		default: [],
		displayOptions: forJwt,
		description:
			"Algorithms a token may use. Empty: those of the key source (HS* for a secret, the asymmetric ones for a JWKS). A token's own alg header never widens this.",
	},
	{
		displayName: 'Issuer',
		name: 'jwtIssuer',
		type: 'string',
		default: '',
		placeholder: 'https://issuer.example.com',
		displayOptions: forJwt,
		description: 'The iss claim must be one of these (comma-separated); empty accepts any issuer',
	},
	{
		displayName: 'Audience',
		name: 'jwtAudience',
		type: 'string',
		default: '',
		displayOptions: forJwt,
		description: 'The aud claim must contain this value; empty accepts any audience',
	},
	{
		displayName: 'Email',
		name: 'jwtEmail',
		type: 'string',
		default: '',
		placeholder: 'sender@project.iam.gserviceaccount.com',
		displayOptions: forJwt,
		description: 'The email claim must equal this, with email_verified true; empty skips the check',
	},
	{
		displayName: 'Audience',
		name: 'jwtAudience',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://n8n.example.com/webhook/pubsub',
		displayOptions: forPubSub,
		description: "The push subscription's audience (by default Google uses the push endpoint URL)",
	},
	{
		displayName: 'Service Account Email',
		name: 'jwtEmail',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'push-invoker@project.iam.gserviceaccount.com',
		displayOptions: forPubSub,
		description:
			"The push subscription's service account. Required: anyone with a Google account can mint a Google-signed token for any audience.",
	},
];
