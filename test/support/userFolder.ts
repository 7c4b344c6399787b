import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Points N8N_USER_FOLDER (where the local store keeps its journal) at a throwaway folder for this test file,
 * and puts the old value back and removes the folder after it. Call it after the file's own afterAll hooks
 * (jest runs them in declaration order), so that anything they close still finds the folder. */
export function useThrowawayUserFolder(prefix: string): string {
	const userFolder = mkdtempSync(path.join(tmpdir(), prefix));
	const previous = process.env.N8N_USER_FOLDER;
	beforeAll(() => {
		process.env.N8N_USER_FOLDER = userFolder;
	});
	afterAll(() => {
		// Assigning undefined to process.env stores the string "undefined": later files would then keep their
		// journal in ./undefined/.n8n of the checkout.
		if (previous === undefined) delete process.env.N8N_USER_FOLDER;
		else process.env.N8N_USER_FOLDER = previous;
		rmSync(userFolder, { recursive: true, force: true });
	});
	return userFolder;
}
