import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export class HooklinePublicKeyApi implements ICredentialType {
	name = 'hooklinePublicKeyApi';

	displayName = 'Hookline Public Key API';

	icon: Icon = { light: 'file:hookline.svg', dark: 'file:hookline.dark.svg' };

	documentationUrl = 'https://github.com/hookline/n8n-nodes-hookline#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'Public Key',
			name: 'publicKey',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			required: true,
			placeholder: '-----BEGIN PUBLIC KEY-----',
			description:
				"The sender's public key: PEM, base64 DER (SendGrid's Verification Key), or for Ed25519 the raw 32 bytes in hex or base64 (Discord's Public Key)",
		},
		{
			displayName: 'Previous Public Key',
			name: 'previousPublicKey',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			description:
				'During a key rotation, signatures made with this old key are still accepted. Clear it once the sender signs with the new key only.',
		},
	];
}
