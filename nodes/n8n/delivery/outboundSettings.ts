import type { IExecuteFunctions } from 'n8n-workflow';
import { randomUUID } from 'node:crypto';

import { fieldError } from '../errors';
import type { PausePolicy } from '../../core/delivery/endpointHealth';
import { formatDelay, parseRetrySchedule } from '../../core/delivery/retrySchedule';

export interface DeliverySettings {
	url: string;
	timeoutMs: number;
	maxAttempts: number;
	retryDelayMs: number;
	/** The waits between attempts when a Retry Schedule is set; then attempts = delays + 1. */
	retryScheduleMs?: number[];
	/** Waits at least this long are durable: the execution waits in n8n's database, not in memory. */
	durableFromMs: number;
	/** When the receiver is paused after failures in a row; absent: never paused. */
	pause?: PausePolicy;
	whenPaused: 'fail' | 'wait';
	allowPrivateNetwork: boolean;
	eventId: string;
}

/** The sending nodes' Options collection, as far as delivery is concerned. */
interface DeliveryOptionValues {
	eventId?: string;
	retryDelayMs?: number;
	durableFromSeconds?: number;
	pauseAfterFailures?: number;
	pauseCooldown?: string;
	whenPaused?: string;
}

/** Headers every attempt carries: the event ID (the same on each) and the attempt number (1, 2, …). */
export const EVENT_ID_HEADER = 'X-Webhook-Id';
export const ATTEMPT_HEADER = 'X-Webhook-Attempt';
/** A wait of a minute or more never holds an execution (and its worker) in memory: it waits durably. */
const DEFAULT_DURABLE_FROM_SECONDS = 60;

const DEFAULT_HEADERS = { 'Content-Type': 'application/json', 'User-Agent': 'n8n-nodes-hookline' };

/** Content-Type and User-Agent of every outbound request; a user's own headers may replace them. */
export function defaultHeaders(): Record<string, string> {
	return { ...DEFAULT_HEADERS };
}

function positiveNumber(ctx: IExecuteFunctions, itemIndex: number, name: string, field: string, whole: boolean) {
	const value = Number(ctx.getNodeParameter(name, itemIndex));
	const valid = whole ? Number.isInteger(value) && value >= 1 : Number.isFinite(value) && value > 0;
	if (!valid)
		throw fieldError(ctx, itemIndex, field, `must be ${whole ? 'a whole number of at least 1' : 'a positive number'}`);
	return value;
}

/** The receiver's URL: http or https only, as the user must fix it otherwise. */
export function readUrl(ctx: IExecuteFunctions, itemIndex: number): string {
	const url = String(ctx.getNodeParameter('url', itemIndex) ?? '').trim();
	const parsed = URL.canParse(url) ? new URL(url) : undefined;
	if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') {
		throw fieldError(
			ctx,
			itemIndex,
			'URL',
			'must be an http or https URL',
			'For example https://receiver.example.com/hook',
		);
	}
	return url;
}

/** Waits from this long on are durable. In queue mode the outbox would be on the worker's disk, out of reach of
 * the process that resumes the execution, so durable waiting is not offered there: waits stay in memory. */
function readDurableFromMs(ctx: IExecuteFunctions, itemIndex: number, options: DeliveryOptionValues): number {
	if (process.env.EXECUTIONS_MODE === 'queue') return Number.POSITIVE_INFINITY;
	const seconds = Number(options.durableFromSeconds ?? DEFAULT_DURABLE_FROM_SECONDS);
	if (!Number.isFinite(seconds) || seconds < 1 || seconds > DEFAULT_DURABLE_FROM_SECONDS) {
		throw fieldError(ctx, itemIndex, 'Wait Durably From (Seconds)', 'must be a number from 1 to 60');
	}
	return seconds * 1000;
}

function readRetrySchedule(ctx: IExecuteFunctions, itemIndex: number, durableFromMs: number): number[] | undefined {
	const schedule = parseRetrySchedule(ctx.getNodeParameter('retrySchedule', itemIndex, ''));
	if (schedule === undefined) return undefined;
	if (!schedule.ok) throw fieldError(ctx, itemIndex, 'Retry Schedule', schedule.message);
	const long = schedule.delaysMs.find((delay) => delay >= DEFAULT_DURABLE_FROM_SECONDS * 1000);
	if (long !== undefined && durableFromMs === Number.POSITIVE_INFINITY) {
		throw fieldError(
			ctx,
			itemIndex,
			'Retry Schedule',
			`has a delay of ${formatDelay(long)}: in queue mode, delays of a minute or more cannot wait durably yet`,
			'Use delays under 1 minute (e.g. 5s, 15s, 30s), or leave the schedule empty for Max Attempts with exponential backoff',
		);
	}
	return schedule.delaysMs;
}

function readPause(ctx: IExecuteFunctions, itemIndex: number, options: DeliveryOptionValues): PausePolicy | undefined {
	const afterFailures = Number(options.pauseAfterFailures ?? 0);
	if (!Number.isInteger(afterFailures) || afterFailures < 0) {
		throw fieldError(ctx, itemIndex, 'Pause After Failures', 'must be a whole number of at least 0');
	}
	if (afterFailures === 0) return undefined;
	const cooldown = parseRetrySchedule(String(options.pauseCooldown ?? '5m'));
	if (!cooldown?.ok || cooldown.delaysMs.length !== 1) {
		throw fieldError(ctx, itemIndex, 'Pause Cool-Down', 'must be one duration, e.g. 5m (units s, m, h, d)');
	}
	return { afterFailures, cooldownMs: cooldown.delaysMs[0] };
}

/** How one item is delivered. The event id is fixed here, once per item, and travels unchanged through every
 * retry. */
export function readDeliverySettings(ctx: IExecuteFunctions, itemIndex: number): DeliverySettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as DeliveryOptionValues;
	const retryDelayMs = Number(options.retryDelayMs ?? 1000);
	if (!Number.isFinite(retryDelayMs) || retryDelayMs < 0) {
		throw fieldError(ctx, itemIndex, 'Initial Retry Delay (Ms)', 'must be a number of at least 0');
	}
	const durableFromMs = readDurableFromMs(ctx, itemIndex, options);
	const retryScheduleMs = readRetrySchedule(ctx, itemIndex, durableFromMs);
	const pause = readPause(ctx, itemIndex, options);
	return {
		url: readUrl(ctx, itemIndex),
		timeoutMs: Math.round(positiveNumber(ctx, itemIndex, 'timeoutSeconds', 'Timeout (Seconds)', false) * 1000),
		maxAttempts: positiveNumber(ctx, itemIndex, 'maxAttempts', 'Max Attempts', true),
		retryDelayMs,
		...(retryScheduleMs ? { retryScheduleMs } : {}),
		durableFromMs,
		...(pause ? { pause } : {}),
		whenPaused: options.whenPaused === 'wait' ? 'wait' : 'fail',
		allowPrivateNetwork: ctx.getNodeParameter('allowPrivateNetwork', itemIndex, false) === true,
		eventId: String(options.eventId ?? '').trim() || randomUUID(),
	};
}

/** Items delivered at once; one value for the whole run, read from the first item. */
export function readConcurrency(ctx: IExecuteFunctions): number {
	return positiveNumber(ctx, 0, 'concurrency', 'Concurrency', true);
}
