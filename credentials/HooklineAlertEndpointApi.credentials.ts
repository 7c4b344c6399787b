import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

/** A remote Manage365-style alert endpoint. Tested by the Hookline Alert node's credential test, which counts
 * the endpoint's 400 to an empty alert as success (a declarative test cannot). */
export class HooklineAlertEndpointApi implements ICredentialType {
	name = 'hooklineAlertEndpointApi';

	displayName = 'Hookline Alert Endpoint API';

	icon: Icon = { light: 'file:hookline.svg', dark: 'file:hookline.dark.svg' };

	documentationUrl = 'https://github.com/hookline/n8n-nodes-hookline#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://api.manage365.com.au/api/v1/inbound/abc123',
			description:
				"The inbound alert webhook's POST URL, exactly as the endpoint showed it (a Hookline Alert Trigger's production URL works too)",
		},
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'm365_hook_…',
			description: "The hook's bearer secret, sent as Authorization: Bearer &lt;token&gt;",
		},
		{
			displayName: 'Allow Private Network Addresses',
			name: 'allowPrivateNetwork',
			type: 'boolean',
			default: false,
			description:
				"Whether the URL may point to loopback, private, link-local and other non-public addresses (an alert endpoint or Hookline Alert Trigger inside your network). Off, such destinations are refused before the token is sent, whatever the URL's host name resolves to. With n8n's SSRF protection on (N8N_SSRF_PROTECTION_ENABLED), its blocked ranges hold either way and its allowed ranges and host names need no switch.",
		},
	];
}
