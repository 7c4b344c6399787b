import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** How one side words the HMAC fields: the receiver describes what the sender does, the sender what it sends. */
export interface HmacFieldTexts {
	sha1: string;
	encoding: string;
	header: string;
	prefix: string;
	signedContent: string;
	signedContentHint: string;
	timestampHeader: string;
	idHeader: string;
}

/** The HMAC scheme's fields, with the same names, defaults and placeholders on the inbound nodes and on
 * Hookline Send, so a sender and its receiver read the same. */
export function hmacSchemeProperties(displayOptions: IDisplayOptions, texts: HmacFieldTexts): INodeProperties[] {
	return [
		{
			displayName: 'Algorithm',
			name: 'algorithm',
			type: 'options',
			options: [
				{ name: 'SHA-1', value: 'sha1', description: texts.sha1 },
				{ name: 'SHA-256', value: 'sha256' },
				{ name: 'SHA-512', value: 'sha512' },
			],
			default: 'sha256',
			displayOptions,
			description: 'The hash function of the HMAC',
		},
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
			description: texts.encoding,
		},
		{
			displayName: 'Signature Header',
			name: 'signatureHeader',
			type: 'string',
			default: 'X-Signature',
			required: true,
			displayOptions,
			description: texts.header,
		},
		{
			displayName: 'Signature Prefix',
			name: 'signaturePrefix',
			type: 'string',
			default: '',
			placeholder: 'sha256=',
			displayOptions,
			description: texts.prefix,
		},
		{
			displayName: 'Signed Content',
			name: 'signedContent',
			type: 'string',
			default: '{body}',
			placeholder: '{timestamp}.{body}',
			displayOptions,
			description: texts.signedContent,
			hint: texts.signedContentHint,
		},
		{
			displayName: 'Timestamp Header',
			name: 'timestampHeader',
			type: 'string',
			default: '',
			placeholder: 'X-Timestamp',
			displayOptions,
			description: texts.timestampHeader,
		},
		{
			displayName: 'ID Header',
			name: 'idHeader',
			type: 'string',
			default: '',
			placeholder: 'X-Request-ID',
			displayOptions,
			description: texts.idHeader,
		},
	];
}
