/** Generated verification cases, one builder per scheme. Every case starts from a request a genuine sender
 * would send, signed here with node:crypto directly (never with the code under test), then takes benign
 * changes that must not matter (header spelling, arrays, unrelated headers, encodings, rotation, clock
 * skew) and, half of the time, one hostile change with a known effect. The builder states what verification
 * must answer. */
export type { Case } from './case';
export { basicAuthCase } from './basicAuth';
export { bearerCase, headerTokenCase } from './tokens';
export { hmacCase } from './hmac';
export { hmacConfigArb, PRESET_SENDERS, senderFor } from './hmacSenders';
export { noneCase } from './none';
export { publicKeyCase, publicKeyConfigArb, publicKeySenderFor, type PublicKeyConfig } from './publicKey';
export { standardWebhooksCase } from './standardWebhooks';
export { stripeCase } from './stripe';
export { twilioCase } from './twilio';
