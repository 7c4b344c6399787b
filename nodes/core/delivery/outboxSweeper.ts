import { parcelDueAt, type OutboxFolder } from './outbox';

/** Resumes waiting executions when their next attempt is due, by calling n8n's resume webhook for each: the
 * waiting node then makes the attempt itself. One timer for the whole process, running only while something
 * waits; no socket, timer or worker slot per delivery. */

/** The answer to one resume call: an HTTP answer, or no answer at all (n8n not listening yet). */
export type KickAnswer = { status: number; body: string } | { error: string };
export type Kick = (executionId: string, resumeToken: string) => Promise<KickAnswer>;

/** What a resume call's answer means for the parcel:
 * - `resumed`: the node ran (the parcel is gone when the delivery ended, else it is due again later);
 * - `gone`: the execution can never resume (stopped, finished, deleted): its deliveries stop, the parcel goes;
 * - `later`: n8n could not take it now (starting up, the execution running, a passing error): ask again. */
export function kickOutcome(answer: KickAnswer): 'resumed' | 'gone' | 'later' {
	if ('error' in answer) return 'later';
	if (answer.status >= 200 && answer.status <= 299) return 'resumed';
	// n8n answers 409 for an execution that is running (come back later) or finished, failed or stopped (never).
	if (answer.status === 409) return /running already/i.test(answer.body) ? 'later' : 'gone';
	// A 404 before n8n has registered its routes is Express's own page; n8n's own 404 names the execution.
	if (answer.status === 404) {
		return /does not exist|does not contain a waiting webhook/i.test(answer.body) ? 'gone' : 'later';
	}
	return 'later';
}

export interface SweeperOptions {
	tickMs?: number;
	/** Wait before asking again after a `later` answer. */
	retryMs?: number;
	/** Resume calls in flight at once, so a thousand parcels due together do not flood n8n. */
	maxInFlight?: number;
	now?: () => number;
}

export class OutboxSweeper {
	/** Execution ID → when to resume it next. */
	private readonly due = new Map<string, number>();
	private readonly inFlight = new Set<string>();
	private timer?: ReturnType<typeof setInterval>;
	private readonly tickMs: number;
	private readonly retryMs: number;
	private readonly maxInFlight: number;
	private readonly now: () => number;

	constructor(
		private readonly outbox: OutboxFolder,
		private readonly kick: Kick,
		options: SweeperOptions = {},
	) {
		this.tickMs = options.tickMs ?? 1000;
		this.retryMs = options.retryMs ?? 5000;
		this.maxInFlight = options.maxInFlight ?? 4;
		this.now = options.now ?? Date.now;
	}

	/** Schedules every parcel on disk: what waited before a restart is resumed after it. */
	load(): void {
		for (const executionId of this.outbox.list()) {
			const parcel = this.outbox.read(executionId);
			const dueAt = parcel && parcelDueAt(parcel);
			if (dueAt !== undefined) this.schedule(executionId, dueAt);
		}
	}

	schedule(executionId: string, dueAt: number): void {
		this.due.set(executionId, dueAt);
		if (this.timer === undefined) {
			this.timer = setInterval(() => this.tick(), this.tickMs);
			// Never the reason a process stays alive (n8n's CLI commands load this module too).
			this.timer.unref?.();
		}
	}

	/** Executions waiting for a resume from this process. */
	get waiting(): number {
		return this.due.size;
	}

	stop(): void {
		if (this.timer !== undefined) clearInterval(this.timer);
		this.timer = undefined;
	}

	/** Starts the resumes that are due, at most maxInFlight at a time; returns when they have all answered. */
	async tick(): Promise<void> {
		const now = this.now();
		const started: Array<Promise<void>> = [];
		for (const [executionId, dueAt] of this.due) {
			if (this.inFlight.size >= this.maxInFlight) break;
			if (dueAt <= now && !this.inFlight.has(executionId)) started.push(this.resume(executionId));
		}
		await Promise.all(started);
	}

	private async resume(executionId: string): Promise<void> {
		this.inFlight.add(executionId);
		try {
			const parcel = this.outbox.read(executionId);
			const answer: KickAnswer = parcel
				? await this.kick(executionId, parcel.resumeToken).catch((error: Error) => ({ error: error.message }))
				: { status: 404, body: 'does not exist' };
			const outcome = kickOutcome(answer);
			if (outcome === 'gone') this.outbox.remove(executionId);
			const after = outcome === 'gone' ? undefined : this.outbox.read(executionId);
			const next = after && parcelDueAt(after);
			if (next === undefined) this.due.delete(executionId);
			else this.due.set(executionId, outcome === 'resumed' ? next : this.now() + this.retryMs);
		} finally {
			this.inFlight.delete(executionId);
			if (this.due.size === 0) this.stop();
		}
	}
}
