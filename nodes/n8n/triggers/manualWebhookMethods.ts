import type { IHookFunctions } from 'n8n-workflow';

/** The triggers register nothing with a third party: the sender is configured by hand with the URL and secret,
 * so n8n's activation lifecycle has nothing to check, create or delete. */
export const manualWebhookMethods = {
	default: {
		async checkExists(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async create(this: IHookFunctions): Promise<boolean> {
			return true;
		},
		async delete(this: IHookFunctions): Promise<boolean> {
			return true;
		},
	},
};
