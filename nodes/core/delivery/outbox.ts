import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { PausePolicy } from './endpointHealth';
import type { RetryPolicy } from './retryPolicy';
import type { SignedRequestRecipe } from './signedRequest';
import type { DeliveryRecord, WaitingDelivery } from './types';

/** The outbox: deliveries of an execution that waits for a later attempt, kept on disk so that neither a worker
 * nor memory holds them, and a restart or redeploy loses nothing. One file per waiting execution (a parcel),
 * written atomically (a temporary file renamed over it) and readable by its owner only, because a recipe
 * holds the request's extra headers. */

/** One input item of the waiting execution: its delivery ended (a result for its output), or it waits. */
export type ParcelDelivery =
	| { itemIndex: number; ended: DeliveryRecord | { error: string } }
	| {
			itemIndex: number;
			waiting: WaitingDelivery;
			recipe: SignedRequestRecipe;
			policy: Partial<RetryPolicy>;
			allowPrivateNetwork: boolean;
			/** The receiver's pause policy: a delivery not yet attempted is held again while it is paused. */
			pause?: PausePolicy;
	  };

export interface Parcel {
	version: 1;
	executionId: string;
	/** n8n's resume token for the execution: the waiting webhook refuses a resume without it. */
	resumeToken: string;
	deliveries: ParcelDelivery[];
}

/** When the parcel's next attempt is due: its earliest waiting delivery, or undefined when none waits. */
export function parcelDueAt(parcel: Parcel): number | undefined {
	const due = parcel.deliveries.flatMap((delivery) => ('waiting' in delivery ? [delivery.waiting.dueAt] : []));
	return due.length ? Math.min(...due) : undefined;
}

/** Execution IDs are n8n's (digits in 2.x); anything else could escape the folder, so it is refused. */
const EXECUTION_ID = /^[A-Za-z0-9_-]{1,64}$/;

export function isExecutionId(value: string): boolean {
	return EXECUTION_ID.test(value);
}

export class OutboxFolder {
	constructor(readonly folder: string) {}

	private file(executionId: string): string {
		if (!isExecutionId(executionId)) throw new RangeError(`Not an execution ID: ${executionId.slice(0, 80)}`);
		return path.join(this.folder, `${executionId}.json`);
	}

	write(parcel: Parcel): void {
		mkdirSync(this.folder, { recursive: true, mode: 0o700 });
		const file = this.file(parcel.executionId);
		const temporary = `${file}.${process.pid}.tmp`;
		writeFileSync(temporary, JSON.stringify(parcel), { mode: 0o600 });
		renameSync(temporary, file);
	}

	/** The parcel, or undefined when there is none (or it cannot be read: a torn or foreign file is not one). */
	read(executionId: string): Parcel | undefined {
		try {
			const parcel = JSON.parse(readFileSync(this.file(executionId), 'utf8')) as Parcel;
			return parcel?.version === 1 && parcel.executionId === executionId ? parcel : undefined;
		} catch {
			return undefined;
		}
	}

	remove(executionId: string): void {
		rmSync(this.file(executionId), { force: true });
	}

	/** Every waiting execution's ID, from the file names alone. */
	list(): string[] {
		let names: string[];
		try {
			names = readdirSync(this.folder);
		} catch {
			return [];
		}
		return names
			.filter((name) => name.endsWith('.json'))
			.map((name) => name.slice(0, -'.json'.length))
			.filter(isExecutionId);
	}
}
