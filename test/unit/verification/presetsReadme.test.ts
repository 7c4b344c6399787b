/** The README's preset table is generated (`npm run docs:presets`); this keeps it from drifting from the
 * preset table in the code. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { PRESET_NAMES } from '../../../nodes/core/verification';
import { renderPresetTable } from '../../../nodes/core/verification/presets';

const README = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');
const START = '<!-- presets:start -->';
const END = '<!-- presets:end -->';

describe('the README preset table', () => {
	it('is exactly the table rendered from the presets (regenerate with `npm run docs:presets`)', () => {
		expect(README.split(START)).toHaveLength(2);
		expect(README.split(END)).toHaveLength(2);
		const between = README.slice(README.indexOf(START) + START.length, README.indexOf(END));
		expect(between).toBe(`\n${renderPresetTable()}\n`);
	});

	it("has one row per preset, in the table's order", () => {
		const rows = renderPresetTable().split('\n').slice(2);
		expect(rows.map((row) => row.split(' | ')[1])).toEqual(PRESET_NAMES.map((name) => `\`${name}\``));
		expect(rows[0]).toBe(
			'| GitHub | `github` | X-Hub-Signature-256: "sha256=" and the hex HMAC-SHA256 of the raw body | Hookline Webhook Secret: Webhook → Secret = the credential\'s Secret; Content type application/json | — | no | [docs](https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries) |',
		);
	});
});
