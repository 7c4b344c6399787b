// Writes the README's preset table between its markers, rendered from the preset table in
// nodes/core/verification/presets.ts. Reads the compiled module, so `npm run docs:presets` builds first.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { renderPresetTable } = require('../dist/nodes/core/verification/presets.js');

const README = new URL('../README.md', import.meta.url);
const START = '<!-- presets:start -->';
const END = '<!-- presets:end -->';

const text = readFileSync(README, 'utf8');
const start = text.indexOf(START);
const end = text.indexOf(END);
if (start < 0 || end < start) throw new Error(`README.md needs ${START} followed by ${END}`);
writeFileSync(README, `${text.slice(0, start + START.length)}\n${renderPresetTable()}\n${text.slice(end)}`);
