/** How HMAC senders sign: the presets' senders from their documentation and generated custom configurations. */
import fc from 'fast-check';

import type { HmacAlgorithm, HmacOptions, SignatureEncoding } from '../../../../../nodes/core/verification';
import { effectiveTolerance } from './clocks';

/** How a real HMAC sender signs; for presets written from the senders' documentation, not from PRESETS. */
export interface HmacSender {
	algorithm: HmacAlgorithm;
	encoding: SignatureEncoding;
	header: string;
	prefix: string;
	template: string;
	timestampHeader?: string;
	idHeader?: string;
	/** Effective tolerance in seconds (0 = no age check). */
	tolerance: number;
	/** Set when the header may carry several signatures, any one of which verifies (PagerDuty: ','). */
	separator?: string;
}

export const PRESET_SENDERS: Readonly<
	Record<
		'github' | 'shopify' | 'slack' | 'mspManager' | 'oneManage' | 'zoom' | 'meta' | 'pagerDuty' | 'autotask',
		HmacSender
	>
> = {
	github: {
		algorithm: 'sha256',
		encoding: 'hex',
		header: 'X-Hub-Signature-256',
		prefix: 'sha256=',
		template: '{body}',
		tolerance: 300,
	},
	shopify: {
		algorithm: 'sha256',
		encoding: 'base64',
		header: 'X-Shopify-Hmac-Sha256',
		prefix: '',
		template: '{body}',
		tolerance: 300,
	},
	slack: {
		algorithm: 'sha256',
		encoding: 'hex',
		header: 'X-Slack-Signature',
		prefix: 'v0=',
		template: 'v0:{timestamp}:{body}',
		timestampHeader: 'X-Slack-Request-Timestamp',
		tolerance: 300,
	},
	mspManager: {
		algorithm: 'sha256',
		encoding: 'base64',
		header: 'X-Webhook-Signature',
		prefix: '',
		template: '{body}',
		tolerance: 300,
	},
	oneManage: {
		algorithm: 'sha256',
		encoding: 'hex',
		header: 'X-OneManage-Signature',
		prefix: '',
		template: '{body}',
		tolerance: 300,
	},
	// https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events
	zoom: {
		algorithm: 'sha256',
		encoding: 'hex',
		header: 'x-zm-signature',
		prefix: 'v0=',
		template: 'v0:{timestamp}:{body}',
		timestampHeader: 'x-zm-request-timestamp',
		tolerance: 300,
	},
	// https://developers.facebook.com/docs/graph-api/webhooks/getting-started (keyed by the App Secret)
	meta: {
		algorithm: 'sha256',
		encoding: 'hex',
		header: 'X-Hub-Signature-256',
		prefix: 'sha256=',
		template: '{body}',
		tolerance: 300,
	},
	// https://developer.pagerduty.com/docs/verifying-signatures (one "v1=" signature per active secret)
	pagerDuty: {
		algorithm: 'sha256',
		encoding: 'hex',
		header: 'X-PagerDuty-Signature',
		prefix: 'v1=',
		template: '{body}',
		tolerance: 300,
		separator: ',',
	},
	// https://www.autotask.net/help/developerhelp/Content/APIs/Webhooks/SecretKeyPayloadVerification.htm
	autotask: {
		algorithm: 'sha1',
		encoding: 'base64',
		header: 'X-Hook-Signature',
		prefix: 'sha1=',
		template: '{body}',
		tolerance: 300,
	},
};

export const headerNameArb = (prefix: string) =>
	fc
		.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'), minLength: 1, maxLength: 10 })
		.map((rest) => `${prefix}${rest}`);

const templateArb = fc.oneof(
	fc.constantFrom(
		'{body}',
		'{timestamp}.{body}',
		'v0:{timestamp}:{body}',
		'{id}.{timestamp}.{body}',
		'{timestamp}{body}',
		'{{body}}',
		'{body}.{timestamp}',
	),
	fc
		.array(
			fc.oneof(
				fc.constantFrom('{body}', '{timestamp}', '{id}', '{', '}', '{nope}', ':', '.', 'v1', '✓'),
				fc.string({ maxLength: 4 }),
			),
			{
				maxLength: 5,
			},
		)
		.map((parts) => `${parts.join('')}{body}`),
);

/** A custom HMAC configuration as a user might fill it in, including odd but legal ones: an unsigned
 * timestamp header (age check only), an id header the template ignores, odd tolerances. */
export const hmacConfigArb: fc.Arbitrary<HmacOptions & { method: 'hmac' }> = fc
	.record({
		algorithm: fc.constantFrom<HmacAlgorithm>('sha1', 'sha256', 'sha512'),
		encoding: fc.constantFrom<SignatureEncoding>('hex', 'base64'),
		signatureHeader: headerNameArb('X-Sig-'),
		signaturePrefix: fc.option(
			fc.oneof(
				fc.constantFrom('', 'sha256=', 'sha1=', 'v1=', 'v0=', 'HMAC '),
				fc.string({ unit: 'grapheme-ascii', maxLength: 6 }).filter((p) => !/\s/.test(p)),
			),
			{ nil: undefined },
		),
		signedContent: fc.option(templateArb, { nil: undefined }),
		timestampHeader: headerNameArb('X-Ts-'),
		idHeader: headerNameArb('X-Id-'),
		withTimestamp: fc.integer({ min: 0, max: 99 }),
		withId: fc.integer({ min: 0, max: 99 }),
		toleranceSeconds: fc.option(
			fc.oneof(fc.integer({ min: 0, max: 3600 }), fc.constantFrom(0, 1, 300, -1, Number.NaN, Number.POSITIVE_INFINITY)),
			{
				nil: undefined,
			},
		),
	})
	.map(({ withTimestamp, withId, ...config }) => {
		const template = config.signedContent || '{body}';
		// Mostly consistent, sometimes missing the header the template needs (a misconfiguration that must
		// refuse everything), sometimes an extra header the template does not use.
		const needsTs = template.includes('{timestamp}');
		const needsId = template.includes('{id}');
		const keepTs = needsTs ? withTimestamp >= 3 : withTimestamp < 30;
		const keepId = needsId ? withId >= 3 : withId < 20;
		return {
			method: 'hmac' as const,
			...config,
			timestampHeader: keepTs ? config.timestampHeader : undefined,
			idHeader: keepId ? config.idHeader : undefined,
		};
	});

export const senderFor = (config: HmacOptions): HmacSender => ({
	algorithm: config.algorithm,
	encoding: config.encoding,
	header: config.signatureHeader,
	prefix: config.signaturePrefix ?? '',
	template: config.signedContent || '{body}',
	timestampHeader: config.timestampHeader,
	idHeader: config.idHeader,
	tolerance: effectiveTolerance(config.toleranceSeconds),
});
