import { z } from 'zod';

import type { DeliveryRecord } from '../delivery/types';

export const attemptRecordSchema = z.object({
	n: z.number().int().positive(),
	status: z.number().int().nullable(),
	error: z.string().nullable(),
	durationMs: z.number().nonnegative(),
});

/** The output item of the sending nodes (Delivered and Failed outputs alike). Only a delivery cancelled before
 * its first attempt, or held because its receiver is paused, has no attempt to show. */
export const deliveryRecordSchema = z
	.object({
		delivered: z.boolean(),
		eventId: z.string(),
		url: z.string(),
		status: z.number().int().nullable(),
		attempts: z.array(attemptRecordSchema),
		responseBody: z.string(),
		cancelled: z.boolean().optional(),
		error: z.literal('endpoint_paused').optional(),
		pausedUntil: z.string().optional(),
	})
	.refine((record) => record.attempts.length > 0 || record.cancelled === true || record.error === 'endpoint_paused', {
		message: 'A delivery that was neither cancelled nor held by a pause has at least one attempt',
		path: ['attempts'],
	});

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

/** Does not compile when this schema and the engine's DeliveryRecord type drift apart. */
export type DeliveryRecordSchemaMatchesType = Assert<Equals<z.infer<typeof deliveryRecordSchema>, DeliveryRecord>>;
