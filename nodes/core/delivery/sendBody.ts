/** How hooklineSend lays out its body. `payload` sends the payload exactly (OneManage-style receivers read the
 * bare object); `envelope` is the Standard Webhooks recommended shape { type, timestamp, data }. */
export type SendBodyFormat = 'payload' | 'envelope';

export interface SendEvent {
	eventName: string;
	/** ISO 8601: when the event happened, fixed for every attempt. */
	timestamp: string;
	payload: unknown;
}

export function buildSendBody(format: SendBodyFormat, event: SendEvent): unknown {
	return format === 'envelope'
		? { type: event.eventName, timestamp: event.timestamp, data: event.payload }
		: event.payload;
}

export interface EventHeaderNames {
	/** Header carrying the event name; empty sends none. */
	eventHeader: string;
	/** Header carrying the event id, the same on every attempt so receivers can drop repeats; empty sends none. */
	eventIdHeader: string;
}

/** The event name and id as headers: a receiver can route and deduplicate before parsing the body, and the
 * body stays exactly the payload its sender defined. */
export function eventHeaders(names: EventHeaderNames, eventName: string, eventId: string): Record<string, string> {
	const headers: Record<string, string> = {};
	if (names.eventHeader) headers[names.eventHeader] = eventName;
	if (names.eventIdHeader) headers[names.eventIdHeader] = eventId;
	return headers;
}
