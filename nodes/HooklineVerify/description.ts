import type { INodeProperties } from 'n8n-workflow';

import { verificationProperties } from '../n8n/verification/verificationProperties';
import { hideFor, showFor } from '../n8n/displayOptions';
import { PRESET_NAMES, PRESETS } from '../core/verification';
import { BODY_FREE_METHODS } from './verifyItem';

// Only schemes that sign the body need its exact bytes; tokens, JWTs and Graph's clientState do not.
const BODY_FREE = [
	...BODY_FREE_METHODS,
	...PRESET_NAMES.filter((name) => BODY_FREE_METHODS.includes(PRESETS[name].config.method)),
];
const bodySigned = hideFor('verification', ...BODY_FREE);

export const verifyProperties: INodeProperties[] = [
	{
		displayName:
			'Turn on "Raw Body" in the Webhook node\'s options: signatures are made over the exact bytes sent, which parsed JSON no longer has',
		name: 'rawBodyNotice',
		type: 'notice',
		default: '',
	},
	...verificationProperties,
	{
		displayName: 'Raw Body Source',
		name: 'rawBodySource',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Binary Property',
				value: 'binary',
				description: 'The Webhook node with Raw Body on puts the exact body in a binary property',
			},
			{
				name: 'JSON Field',
				value: 'field',
				description: 'A text field of the item holds the exact body',
			},
		],
		default: 'binary',
		displayOptions: bodySigned,
		description: 'Where the exact bytes of the received body are',
	},
	{
		displayName: 'Binary Property',
		name: 'rawBodyBinaryProperty',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { ...showFor('rawBodySource', 'binary'), ...bodySigned },
		description: 'Name of the binary property with the raw body',
	},
	{
		displayName: 'Raw Body Field',
		name: 'rawBodyField',
		type: 'string',
		default: 'rawBody',
		required: true,
		displayOptions: { ...showFor('rawBodySource', 'field'), ...bodySigned },
		description: 'Dot path of the text field with the raw body, for example rawBody or data.payload',
	},
	{
		displayName: 'Query Field',
		name: 'queryField',
		type: 'string',
		default: 'query',
		required: true,
		displayOptions: showFor('verification', 'queryToken'),
		description: 'Dot path of the object with the query parameters (the Webhook node puts them in "query")',
	},
	{
		displayName: 'Body Field',
		name: 'bodyField',
		type: 'string',
		default: 'body',
		required: true,
		displayOptions: showFor('verification', 'microsoftGraph'),
		description: 'Dot path of the parsed notification body, whose value[].clientState is checked',
	},
	{
		displayName: 'Request URL',
		name: 'requestUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://n8n.example.com/webhook/twilio?site=1',
		displayOptions: showFor('verification', 'twilio'),
		description:
			'The public URL Twilio called, with its query string, exactly as configured in Twilio: it is part of what Twilio signs',
	},
	{
		displayName: 'Headers Field',
		name: 'headersField',
		type: 'string',
		default: 'headers',
		required: true,
		description: 'Dot path of the object with the request headers (the Webhook node puts them in "headers")',
	},
];
