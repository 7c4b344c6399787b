import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export class HooklineSecretApi implements ICredentialType {
	name = 'hooklineSecretApi';

	displayName = 'Hookline Webhook Secret API';

	icon: Icon = { light: 'file:hookline.svg', dark: 'file:hookline.dark.svg' };

	documentationUrl = 'https://github.com/hookline/n8n-nodes-hookline#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The shared webhook secret or token. Inbound nodes verify with it and outbound nodes sign with it. Standard Webhooks secrets keep their whsec_ prefix.',
		},
		{
			displayName: 'Previous Secret',
			name: 'previousSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'During a rotation, inbound verification still accepts signatures made with this old secret. It is never used to sign. Clear it once every sender uses the new secret.',
		},
		{
			displayName: 'Verify Token',
			name: 'verifyToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Only for the Meta preset: the Verify Token typed into the app's webhook settings, which Meta sends back in its GET subscription check (hub.verify_token)",
		},
	];
}
