import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** The Ed25519 and ECDSA fields: HMAC's names (a saved workflow reads the same), without the algorithm and the ID
 * header, which these schemes do not have. */
export function publicKeySchemeProperties(displayOptions: IDisplayOptions): INodeProperties[] {
	return [
		{
			displayName: 'Signature Encoding',
			name: 'signatureEncoding',
			type: 'options',
			options: [
				{ name: 'Hex', value: 'hex' },
				{ name: 'Base64', value: 'base64' },
			],
			default: 'hex',
			displayOptions,
			description: 'How the sender writes the signature bytes; ECDSA signatures may be DER or raw r‖s',
		},
		{
			displayName: 'Signature Header',
			name: 'signatureHeader',
			type: 'string',
			default: 'X-Signature',
			required: true,
			displayOptions,
			description: 'Header that carries the signature (case does not matter)',
		},
		{
			displayName: 'Signature Prefix',
			name: 'signaturePrefix',
			type: 'string',
			default: '',
			displayOptions,
			description: 'Text before the signature in the header, if the sender adds one',
		},
		{
			displayName: 'Signed Content',
			name: 'signedContent',
			type: 'string',
			default: '{body}',
			placeholder: '{timestamp}{body}',
			displayOptions,
			description:
				'What the sender signs. {body} is the exact raw body, {timestamp} the timestamp header; other text is taken literally.',
		},
		{
			displayName: 'Timestamp Header',
			name: 'timestampHeader',
			type: 'string',
			default: '',
			placeholder: 'X-Signature-Timestamp',
			displayOptions,
			description:
				'Header with the Unix time (seconds) of the request. When set, old or future requests are refused (replay protection).',
		},
	];
}
