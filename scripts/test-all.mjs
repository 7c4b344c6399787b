#!/usr/bin/env node
// Runs every test tier and ends with a plain "N passed, N failed" line, so a CI log (or a person) sees at a
// glance how many tests ran, including when none did. The fast tiers run in parallel; the end-to-end tier
// runs in band because each of its files starts a real n8n and the machine has two cores.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jestBin = path.join(root, 'node_modules/jest/bin/jest.js');
const extraArgs = process.argv.slice(2);

const ensureRedis = spawnSync('bash', [path.join(root, 'scripts/ensure-redis.sh')], { stdio: 'inherit' });
if (ensureRedis.status !== 0) process.exit(ensureRedis.status ?? 1);
const ensurePostgres = spawnSync('bash', [path.join(root, 'scripts/ensure-postgres.sh')], { stdio: 'inherit' });
if (ensurePostgres.status !== 0) process.exit(ensurePostgres.status ?? 1);

const reportDir = mkdtempSync(path.join(tmpdir(), 'hookline-jest-'));
// Suites that count what they tried (property cases, secret scans, deliveries) add a section here.
const countsFile = path.join(reportDir, 'counts.json');
const totals = { passed: 0, failed: 0, skipped: 0, brokenSuites: 0 };
let failed = false;

function runJest(name, args) {
	const report = path.join(reportDir, `${name}.json`);
	const jest = spawnSync(process.execPath, [jestBin, '--json', `--outputFile=${report}`, ...args, ...extraArgs], {
		cwd: root,
		stdio: 'inherit',
		env: { ...process.env, HOOKLINE_COUNTS_FILE: countsFile },
	});
	if (jest.status !== 0) failed = true;
	try {
		const result = JSON.parse(readFileSync(report, 'utf8'));
		totals.passed += result.numPassedTests;
		totals.failed += result.numFailedTests;
		totals.skipped += result.numPendingTests + result.numTodoTests;
		totals.brokenSuites += result.numRuntimeErrorTestSuites;
	} catch {
		totals.brokenSuites += 1;
	}
}

runJest('fast', ['--selectProjects', 'unit', 'node', 'workflow']);
// The editor test drives Chromium; without one it skips itself with a warning (counted as skipped below), so a
// missing browser does not stop the other end-to-end tests.
const ensureChromium = spawnSync('bash', [path.join(root, 'scripts/ensure-chromium.sh')], { stdio: 'inherit' });
if (ensureChromium.status !== 0) console.warn('test-all: no Chromium, the editor end-to-end test will be skipped');
runJest('e2e', ['--selectProjects', 'e2e', '--runInBand']);
let counts = {};
try {
	counts = JSON.parse(readFileSync(countsFile, 'utf8'));
} catch {
	// No suite counted anything (a filtered run, say): the summary says so below.
}
rmSync(reportDir, { recursive: true, force: true });

let summary = `tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
if (totals.brokenSuites > 0) summary += ` (${totals.brokenSuites} suites failed to run)`;
console.log(summary);
const sections = Object.keys(counts).sort();
for (const section of sections) console.log(counts[section].line);
if (sections.length === 0) console.log('counts: none recorded');
process.exit(failed ? 1 : 0);
