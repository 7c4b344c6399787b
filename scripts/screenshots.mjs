#!/usr/bin/env node
// `npm run screenshots` (after the build): the pictures in docs/screenshots, taken by the editor end-to-end test
// itself in a real n8n and Chromium, so a picture only comes from a run whose panels passed their checks.
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'docs', 'screenshots');
const pictures = [
	'workflow',
	'hooklineTrigger',
	'hooklineAlert',
	'hooklinePsaEvent',
	'hooklineAlertTrigger',
	'hooklineSend',
	'hooklineVerify',
];

const ensureChromium = spawnSync('bash', [path.join(root, 'scripts/ensure-chromium.sh')], { stdio: 'inherit' });
if (ensureChromium.status !== 0) process.exit(ensureChromium.status ?? 1);

mkdirSync(outDir, { recursive: true });
const startedAt = Date.now();
const jest = spawnSync(
	process.execPath,
	[path.join(root, 'node_modules/jest/bin/jest.js'), 'test/e2e/editor.e2e.test.ts', '--selectProjects', 'e2e'],
	{ cwd: root, stdio: 'inherit', env: { ...process.env, HOOKLINE_SCREENSHOTS_DIR: outDir } },
);
if (jest.status !== 0) {
	console.error('screenshots: the editor test failed; the pictures in docs/screenshots may be incomplete');
	process.exit(jest.status ?? 1);
}

const stale = pictures.filter((name) => {
	try {
		return statSync(path.join(outDir, `${name}.png`)).mtimeMs < startedAt;
	} catch {
		return true;
	}
});
if (stale.length > 0) {
	console.error(`screenshots: not written by this run: ${stale.join(', ')}`);
	process.exit(1);
}
for (const name of pictures) console.log(`screenshots: ${path.relative(root, path.join(outDir, `${name}.png`))}`);
