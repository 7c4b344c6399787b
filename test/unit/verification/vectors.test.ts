import {
	buildSignedContent,
	deriveKey,
	resolvePreset,
	signRequest,
	signStandardWebhooks,
	verifySignature,
} from '../../../nodes/core/verification';
import published from '../../fixtures/vectors/public.json';
import { flipEncoded, input } from './support';

interface Vector {
	id: string;
	scheme: string;
	source: string[];
	secret: string;
	payload: string;
	valid: boolean;
	msg_id?: string;
	timestamp?: number;
	signed_content?: string;
	expected_signature_header?: string;
	header_name?: string;
	expected_header?: string;
}

const vectors = published.vectors as Vector[];

const required = <T>(value: T | undefined, name: string): T => {
	if (value === undefined) throw new Error(`The vector lacks ${name}`);
	return value;
};

/** Each scheme's way to sign a vector's payload, verify its headers and tamper with its signature. */
const schemes: Record<string, (vector: Vector) => void> = {
	'standard-webhooks-v1': (vector) => {
		const body = Buffer.from(vector.payload);
		const id = required(vector.msg_id, 'msg_id');
		const timestamp = required(vector.timestamp, 'timestamp');
		const expected = required(vector.expected_signature_header, 'expected_signature_header');
		const config = { method: 'standardWebhooks' } as const;
		const secrets = { current: vector.secret };
		const now = timestamp * 1000;

		expect(deriveKey('standardWebhooks', vector.secret)).toHaveLength(24);
		expect(
			buildSignedContent('{id}.{timestamp}.{body}', { body, id, timestamp: String(timestamp) }).toString('utf8'),
		).toBe(vector.signed_content);
		const headers = signStandardWebhooks(vector.secret, { body, id, timestampSeconds: timestamp });
		expect(headers['webhook-signature']).toBe(expected);
		expect(verifySignature(config, input(body, headers, secrets, now))).toEqual({
			ok: true,
			method: 'standardWebhooks',
			secret: 'current',
		});

		const flipped = { ...headers, 'webhook-signature': `v1,${flipEncoded(expected.slice(3), 'base64')}` };
		expect(verifySignature(config, input(body, flipped, secrets, now))).toMatchObject({ reason: 'signature_mismatch' });
		const otherBody = Buffer.from(vector.payload.replace('2432232314', '2432232315'));
		expect(verifySignature(config, input(otherBody, headers, secrets, now))).toMatchObject({
			reason: 'signature_mismatch',
		});
	},
	'github-x-hub-signature-256': (vector) => {
		const body = Buffer.from(vector.payload);
		const config = resolvePreset('github');
		const name = required(vector.header_name, 'header_name');
		const expected = required(vector.expected_header, 'expected_header');
		const secrets = { current: vector.secret };

		expect(signRequest(config, vector.secret, { body })).toEqual({ [name]: expected });
		expect(verifySignature(config, input(body, { [name.toLowerCase()]: expected }, secrets))).toEqual({
			ok: true,
			method: 'hmac',
			secret: 'current',
		});

		const flipped = `sha256=${flipEncoded(expected.slice('sha256='.length), 'hex')}`;
		expect(verifySignature(config, input(body, { [name]: flipped }, secrets))).toMatchObject({
			reason: 'signature_mismatch',
		});
		expect(verifySignature(config, input(Buffer.from('Hello, World?'), { [name]: expected }, secrets))).toMatchObject({
			reason: 'signature_mismatch',
		});
	},
};

describe('published vectors', () => {
	it('are all known to this test, name their sources and are valid examples', () => {
		expect(vectors.length).toBeGreaterThanOrEqual(2);
		for (const vector of vectors) {
			expect(Object.keys(schemes)).toContain(vector.scheme);
			expect(vector.source.length).toBeGreaterThan(0);
			expect(vector.valid).toBe(true);
		}
	});

	it.each(vectors.map((vector) => [vector.id, vector] as const))('%s', (_id, vector) => {
		schemes[vector.scheme](vector);
	});
});
