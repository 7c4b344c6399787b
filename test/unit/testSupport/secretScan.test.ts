import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { assertNoSecrets, scanForSecrets, secretForms } from '../../e2e/support/secretScan';

/** The scan run after every end-to-end file must find a secret in any form it could leak in, and nothing else. */
describe('secret scan', () => {
	const key = randomBytes(24);
	const secret = `whsec_${key.toString('base64')}`;
	let folder: string;

	beforeEach(() => {
		folder = mkdtempSync(path.join(tmpdir(), 'hookline-scan-'));
		mkdirSync(path.join(folder, '.n8n'));
		writeFileSync(
			path.join(folder, '.n8n', 'database.sqlite'),
			Buffer.concat([randomBytes(4096), Buffer.from('no secrets here')]),
		);
		writeFileSync(path.join(folder, 'n8n.log'), 'Workflow activated\n');
	});

	afterEach(() => rmSync(folder, { recursive: true, force: true }));

	it('finds nothing in a clean folder, and says how much it read', () => {
		const report = scanForSecrets([secret], { folders: [folder], texts: { dump: 'SELECT 1;' } });
		expect(report).toMatchObject({ secrets: 1, forms: 5, files: 2, texts: 1, hits: [] });
		expect(report.bytes).toBeGreaterThan(4096);
		expect(() => assertNoSecrets(report)).not.toThrow();
	});

	it.each<[string, (s: string) => Buffer]>([
		['text', (s) => Buffer.from(`error: bad secret ${s}`)],
		['without whsec_', (s) => Buffer.from(`key=${s.slice(6)}`)],
		['decoded key', () => Buffer.concat([randomBytes(100), key, randomBytes(100)])],
		['base64', (s) => Buffer.from(JSON.stringify({ data: Buffer.from(s).toString('base64') }))],
		['hex', (s) => Buffer.from(Buffer.from(s).toString('hex'))],
	])('finds the secret written as %s in a database file, and names the place but not the secret', (form, write) => {
		writeFileSync(path.join(folder, '.n8n', 'database.sqlite-wal'), write(secret));
		const report = scanForSecrets(['another-secret-text', secret], { folders: [folder] });
		const place = path.join('.n8n', 'database.sqlite-wal');
		// The whole text holds the part after whsec_ too: that form is found with it.
		expect(report.hits).toEqual(
			form === 'text'
				? [`secret #2 (text) in ${place}`, `secret #2 (without whsec_) in ${place}`]
				: [`secret #2 (${form}) in ${place}`],
		);
		expect(() => assertNoSecrets(report)).toThrow(/secret #2/);
		expect(() => assertNoSecrets(report)).not.toThrow(new RegExp(key.toString('hex')));
		for (const hit of report.hits) expect(hit).not.toContain(secret.slice(6, 20));
	});

	it('searches dumps given as text, such as a PostgreSQL dump', () => {
		const report = scanForSecrets([secret], {
			texts: { 'PostgreSQL dump': `COPY credentials_entity (data) FROM stdin;\n${secret}\n` },
		});
		expect(report.hits).toEqual([
			'secret #1 (text) in PostgreSQL dump',
			'secret #1 (without whsec_) in PostgreSQL dump',
		]);
	});

	it('skips installed packages and the editor cache, not the data beside them', () => {
		for (const skipped of [path.join('.n8n', 'nodes', 'node_modules', 'pkg'), path.join('.cache', 'n8n', 'public')]) {
			mkdirSync(path.join(folder, skipped), { recursive: true });
			writeFileSync(path.join(folder, skipped, 'index.js'), secret);
		}
		expect(scanForSecrets([secret], { folders: [folder] }).hits).toEqual([]);
		writeFileSync(path.join(folder, '.n8n', 'nodes', 'package.json'), secret);
		expect(scanForSecrets([secret], { folders: [folder] }).hits).toHaveLength(2);
	});

	it('ignores forms too short to mean anything', () => {
		expect(secretForms('abc')).toEqual([]);
		expect(secretForms('abcdefg').map((f) => f.form)).toEqual(['base64', 'hex']);
		expect(secretForms('a-longer-secret').map((f) => f.form)).toEqual(['text', 'base64', 'hex']);
	});
});
