/** The stores behind idempotency, rate limits and alert state: pure core, no n8n imports. */
export type { ClaimResult, CounterResult, HooklineStore, ScannedEntry, StoreUsage } from './types';
export { StoreUnavailableError, unavailableStore } from './storeUnavailableError';
export { StoreFullError } from './storeFullError';
export { MemoryStore, type MemoryStoreOptions } from './memoryStore';
export { JournalStore } from './journalStore';
export { openLocalStore, defaultLocalStorePath, localStoreBounds } from './localStore';
export { RedisStore, type RedisConnectionOptions } from './redisStore';
export {
	claimDelivery,
	confirmDelivery,
	findDelivery,
	settleDelivery,
	PENDING_RETRY_AFTER_SECONDS,
	type DeliveryClaim,
	type DeliveryConfirmation,
	type DeliveryHolder,
} from './idempotency';
export { checkRateLimit, type RateLimitDecision } from './rateLimit';
