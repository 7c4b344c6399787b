import { triggerConfigProblems, type TriggerSettings } from '../../../nodes/core/triggers';
import { buildSignedContent, templateProblems, templateUses } from '../../../nodes/core/verification';

const settings = (overrides: Partial<TriggerSettings> = {}): TriggerSettings => ({
	verification: { method: 'bearer' },
	rateLimitPerMinute: 0,
	idempotencyWindowSeconds: 86_400,
	...overrides,
});
const hmac = (options: Record<string, string>): TriggerSettings['verification'] => ({
	method: 'hmac',
	algorithm: 'sha256',
	encoding: 'hex',
	signatureHeader: 'X-Signature',
	...options,
});

describe('triggerConfigProblems', () => {
	it('finds nothing wrong with sound settings', () => {
		expect(triggerConfigProblems(settings())).toEqual([]);
		expect(triggerConfigProblems(settings({ rateLimitPerMinute: 5, idempotencyWindowSeconds: 0.5 }))).toEqual([]);
		expect(
			triggerConfigProblems(
				settings({ verification: hmac({ signedContent: 'v0:{timestamp}:{body}', timestampHeader: 'X-Ts' }) }),
			),
		).toEqual([]);
	});

	it('names every problem at once, each as what to change', () => {
		expect(
			triggerConfigProblems(
				settings({
					verification: hmac({ timestampHeader: 'X-Ts', signedContent: '{Body}' }),
					rateLimitPerMinute: 1.5,
					idempotencyWindowSeconds: Number.NaN,
				}),
			),
		).toEqual([
			'Signed Content uses {Body}: write {body}',
			expect.stringMatching(/^Timestamp Header X-Ts is not part of Signed Content, so it gives no replay protection/),
			'Rate Limit (per Minute) must be a whole number of 0 or more (0 is off), not 1.5',
			'Idempotency Window (Seconds) must be a positive number of seconds, not NaN',
		]);
	});
});

describe('signed content placeholders', () => {
	it('takes {ID} as {id}, and leaves other brace text literal', () => {
		expect(templateUses('{ID}.{body}', 'id')).toBe(true);
		expect(buildSignedContent('{ID}.{body}.{other}', { body: Buffer.from('b'), id: 'x' }).toString()).toBe(
			'x.b.{other}',
		);
		expect(templateProblems('{ID}.{id}.{body}.{timestamp}.{other}')).toEqual([]);
		expect(templateProblems('{Id}.{TIMESTAMP}')).toEqual([
			'Signed Content uses {Id}: write {id}',
			'Signed Content uses {TIMESTAMP}: write {timestamp}',
		]);
	});
});
