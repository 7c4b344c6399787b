import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { hooklinePublicKeyApiTest } from '../n8n/verification/publicKeyCredentialTest';
import { hooklineSecretApiTest } from '../n8n/verification/secretCredentialTest';
import {
	basicAuthCredentialDisplay,
	publicKeyCredentialDisplay,
	secretCredentialDisplay,
} from '../n8n/verification/verificationCredentials';
import { userError } from '../n8n/errors';
import { verifyProperties } from './description';
import { verificationSummary, verifyItem } from './verifyItem';

export class HooklineVerify implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Hookline Verify',
		name: 'hooklineVerify',
		icon: { light: 'file:hookline.svg', dark: 'file:hookline.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["verification"]}}',
		description: 'Verify a webhook signature inside a flow and route the item to Valid or Invalid',
		defaults: { name: 'Hookline Verify' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main, NodeConnectionTypes.Main],
		outputNames: ['Valid', 'Invalid'],
		usableAsTool: true,
		credentials: [
			{
				name: 'hooklineSecretApi',
				required: true,
				testedBy: 'hooklineSecretApiTest',
				displayOptions: secretCredentialDisplay,
			},
			{
				name: 'hooklinePublicKeyApi',
				required: true,
				testedBy: 'hooklinePublicKeyApiTest',
				displayOptions: publicKeyCredentialDisplay,
			},
			{ name: 'httpBasicAuth', required: true, displayOptions: basicAuthCredentialDisplay },
		],
		properties: verifyProperties,
	};

	methods = { credentialTest: { hooklineSecretApiTest, hooklinePublicKeyApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const valid: INodeExecutionData[] = [];
		const invalid: INodeExecutionData[] = [];

		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const item = items[itemIndex];
			try {
				const result = await verifyItem(this, itemIndex, item);
				(result.ok ? valid : invalid).push({
					json: { ...item.json, verification: verificationSummary(result) },
					binary: item.binary,
					pairedItem: { item: itemIndex },
				});
			} catch (error) {
				if (!this.continueOnFail()) throw userError(this, error, { itemIndex });
				invalid.push({
					json: { ...item.json, verification: { valid: false, error: (error as Error).message } },
					pairedItem: { item: itemIndex },
				});
			}
		}
		return [valid, invalid];
	}
}
