// (5) Verification and signing cost against bare node:crypto, for 1 KB, 64 KB and 1 MB bodies.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createRequire } from 'node:module';

import { Bench } from 'tinybench';

import { figure } from './report.mjs';

const require = createRequire(import.meta.url);
const { signRequest, verifySignature } = require('../../dist/nodes/core/verification/index.js');

const SIZES = { '1 KB': 1024, '64 KB': 64 * 1024, '1 MB': 1024 * 1024 };
const ROUNDS = 4;
const SECRET = randomBytes(32).toString('hex');
const CONFIG = {
	method: 'hmac',
	algorithm: 'sha256',
	encoding: 'hex',
	signatureHeader: 'X-Signature',
	signaturePrefix: 'sha256=',
};

function bareVerify(body, header) {
	const expected = createHmac('sha256', SECRET).update(body).digest();
	const provided = Buffer.from(header.slice('sha256='.length), 'hex');
	return provided.length === expected.length && timingSafeEqual(expected, provided);
}

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	return (sorted[(sorted.length - 1) >> 1] + sorted[sorted.length >> 1]) / 2;
};

/** Median time of `candidate` over `baseline`, from rounds that alternate which of the two runs first, and the
 * two median times per call in µs. */
async function costRatio(baseline, candidate, seconds) {
	const ratios = [];
	const times = { baseline: [], candidate: [] };
	for (let round = 0; round < ROUNDS; round++) {
		const bench = new Bench({ time: seconds * 1000, warmupTime: 100 });
		const tasks =
			round % 2
				? [
						['candidate', candidate],
						['baseline', baseline],
					]
				: [
						['baseline', baseline],
						['candidate', candidate],
					];
		for (const [name, fn] of tasks) bench.add(name, fn);
		await bench.run();
		for (const name of ['baseline', 'candidate']) times[name].push(bench.getTask(name).result.latency.p50 * 1000);
		ratios.push(times.candidate.at(-1) / times.baseline.at(-1));
	}
	const micros = (name) => median(times[name]).toFixed(median(times[name]) < 100 ? 1 : 0);
	return { ratio: median(ratios), note: `${micros('candidate')} µs vs ${micros('baseline')} µs per call` };
}

export async function runSignatureBench() {
	const rows = [];
	for (const [label, size] of Object.entries(SIZES)) {
		const body = randomBytes(size);
		const header = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
		const input = { rawBody: body, headers: { 'x-signature': header }, secrets: { current: SECRET } };
		if (!bareVerify(body, header) || !verifySignature(CONFIG, input).ok)
			throw new Error('The signature fixture does not verify');
		const seconds = size > 100_000 ? 0.4 : 0.25;
		const verify = await costRatio(
			() => bareVerify(body, header),
			() => verifySignature(CONFIG, input),
			seconds,
		);
		rows.push(
			figure(`5. verify HMAC-SHA256 ${label} / bare crypto (time)`, verify.ratio, { atMost: 1.2, note: verify.note }),
		);
		const sign = await costRatio(
			() => createHmac('sha256', SECRET).update(body).digest('hex'),
			() => signRequest(CONFIG, SECRET, { body }),
			seconds,
		);
		rows.push(
			figure(`5. sign HMAC-SHA256 ${label} / bare crypto (time)`, sign.ratio, { atMost: 1.2, note: sign.note }),
		);
	}
	return rows;
}
