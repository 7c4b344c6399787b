import { Buffer } from 'node:buffer';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { recordCounts } from '../../support/runCounts';

/** What one scan searched and found. A hit names the secret by its position and the form, never its text. */
export interface SecretScanReport {
	secrets: number;
	forms: number;
	files: number;
	bytes: number;
	texts: number;
	hits: string[];
}

/** Shorter forms would match by chance in megabytes of data; every secret the tests use is far longer. */
const MIN_FORM_BYTES = 8;

/** The ways a secret could be written down by accident: as given, without the `whsec_` prefix, the key that
 * prefix wraps (raw bytes), and the whole text in base64 or hex. */
export function secretForms(secret: string): Array<{ form: string; bytes: Buffer }> {
	const forms = [
		{ form: 'text', bytes: Buffer.from(secret, 'utf8') },
		{ form: 'base64', bytes: Buffer.from(Buffer.from(secret, 'utf8').toString('base64'), 'utf8') },
		{ form: 'hex', bytes: Buffer.from(Buffer.from(secret, 'utf8').toString('hex'), 'utf8') },
	];
	if (secret.startsWith('whsec_')) {
		const core = secret.slice('whsec_'.length);
		forms.push(
			{ form: 'without whsec_', bytes: Buffer.from(core, 'utf8') },
			{ form: 'decoded key', bytes: Buffer.from(core, 'base64') },
		);
	}
	return forms.filter(({ bytes }) => bytes.length >= MIN_FORM_BYTES);
}

/** Code, not data: installed packages, and the editor's static files n8n unpacks into `.cache`. */
const SKIPPED_FOLDERS = new Set(['node_modules', '.cache']);

/** Every regular file below `root` (symbolic links not followed), but for SKIPPED_FOLDERS. */
function filesBelow(root: string): string[] {
	const found: string[] = [];
	for (const entry of readdirSync(root, { withFileTypes: true })) {
		const full = path.join(root, entry.name);
		if (entry.isDirectory()) {
			if (!SKIPPED_FOLDERS.has(entry.name)) found.push(...filesBelow(full));
		} else if (entry.isFile()) found.push(full);
	}
	return found;
}

/**
 * Searches, byte for byte, everything a run left behind for every form of every secret it used: all files
 * below `folders` (n8n's database with its write-ahead log, its logs and event log, a Redis append-only file)
 * and `texts` (a database dump). judgeSecretScan reports and judges it.
 */
export function scanForSecrets(
	secrets: readonly string[],
	target: { folders?: readonly string[]; texts?: Record<string, string> },
): SecretScanReport {
	const forms = secrets.flatMap((secret, index) => secretForms(secret).map((form) => ({ ...form, secret: index + 1 })));
	const report: SecretScanReport = {
		secrets: secrets.length,
		forms: forms.length,
		files: 0,
		bytes: 0,
		texts: 0,
		hits: [],
	};
	const search = (place: string, data: Buffer) => {
		report.bytes += data.length;
		for (const { form, bytes, secret } of forms) {
			if (data.includes(bytes)) report.hits.push(`secret #${secret} (${form}) in ${place}`);
		}
	};
	for (const folder of target.folders ?? []) {
		for (const file of filesBelow(folder)) {
			report.files += 1;
			search(path.relative(folder, file), readFileSync(file));
		}
	}
	for (const [place, text] of Object.entries(target.texts ?? {})) {
		report.texts += 1;
		search(place, Buffer.from(text, 'utf8'));
	}
	return report;
}

/** Throws, naming where but never what, if a scan found anything. */
export function assertNoSecrets(report: SecretScanReport): void {
	if (report.hits.length > 0) throw new Error(`Secrets left behind by the run:\n${report.hits.join('\n')}`);
}

/** What an end-to-end file does with its scan: the figures go into the test summary, then any hit fails it. */
export function judgeSecretScan(report: SecretScanReport): void {
	const suite = path.basename(expect.getState().testPath ?? 'e2e', '.e2e.test.ts');
	const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
	recordCounts(`secrets:${suite}`, {
		line:
			`secrets: ${suite}: ${plural(report.secrets, 'secret')} in ${plural(report.forms, 'form')} searched in ` +
			`${plural(report.files, 'file')} and ${plural(report.texts, 'dump')} (${(report.bytes / 1024 / 1024).toFixed(1)} MB), ` +
			`${report.hits.length} found`,
		counts: { ...report },
	});
	assertNoSecrets(report);
}
