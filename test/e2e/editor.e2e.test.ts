/** The six nodes as a user meets them: a real n8n's editor in Chromium, one workflow holding every Hookline
 * node, each node's panel opened by double-clicking it on the canvas. With HOOKLINE_SCREENSHOTS_DIR set (as
 * `npm run screenshots` does) the same run saves the pictures the README shows. */
import path from 'node:path';

import { chromiumMissing, EditorSession, SHOWCASE_NODES } from './support/editor';

const SCREENSHOTS = process.env.HOOKLINE_SCREENSHOTS_DIR;
const missing = chromiumMissing();
if (missing && SCREENSHOTS) throw new Error(`Cannot take screenshots: ${missing}`);
if (missing) console.warn(`SKIPPED: the editor end-to-end test needs a browser: ${missing}`);
const describeWithBrowser = missing ? describe.skip : describe;

describeWithBrowser('the Hookline nodes in the n8n editor', () => {
	let editor: EditorSession;

	beforeAll(async () => {
		editor = await EditorSession.start();
	}, 600_000);

	afterAll(async () => {
		await editor?.dispose();
	});

	afterEach(() => {
		// Every step's console errors and page errors, beyond the commented allow-list in support/editor.ts.
		expect(editor.problems).toEqual([]);
	});

	it('shows the workflow with every node on the canvas and no node issue', async () => {
		for (const node of SHOWCASE_NODES) expect(await editor.canvasNode(node.name).isVisible()).toBe(true);
		expect(await editor.issueCount()).toBe(0);
		expect(await editor.toasts()).toEqual([]);
		if (SCREENSHOTS) await editor.screenshot(path.join(SCREENSHOTS, 'workflow.png'));
	});

	it.each(SHOWCASE_NODES.map((node) => [node.name, node] as const))(
		'opens the panel of %s with its main parameters',
		async (_name, node) => {
			const ndv = await editor.openNode(node.name);
			try {
				await expect(ndv.locator('[data-test-id="node-title-container"]').innerText()).resolves.toContain(node.name);
				expect(await editor.parameterLabels()).toEqual(expect.arrayContaining(node.parameters));
				expect(await editor.selectedCredential()).toBe(node.credential ?? '');
				expect(await editor.issueCount()).toBe(0);
				expect(await editor.toasts()).toEqual([]);
				if (SCREENSHOTS) await editor.screenshot(path.join(SCREENSHOTS, `${node.type}.png`));
			} finally {
				await editor.closeNode();
			}
		},
	);

	it('sent nothing to another host', () => {
		// Requests to other hosts are aborted by the page's route, so this is information, not a leak; n8n's
		// environment (n8nEnv) should keep the editor from trying at all.
		expect(editor.blocked).toEqual([]);
	});
});
