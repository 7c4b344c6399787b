/** A generated case, what verification must answer, and the draft every signed-scheme builder fills in. */
import { Buffer } from 'node:buffer';

import type {
	SecretLabel,
	Secrets,
	SignInput,
	VerificationConfig,
	VerifyFailureReason,
	VerifyInput,
} from '../../../../../nodes/core/verification';
import { findEntry, toBag, type Entry } from '../wire';

export type Expect =
	| { ok: true; secret: SecretLabel | 'none' }
	| { ok: false; reasons?: readonly VerifyFailureReason[] };

export interface Case {
	/** What was done to the genuine request, for failure messages. */
	steps: string[];
	config: VerificationConfig;
	input: VerifyInput;
	expect: Expect;
	/** The canonical genuine request, for checking that signRequest produces exactly these headers. */
	signCheck?: { secret: string; input: SignInput; headers: Record<string, string> };
}

export const accept = (secret: SecretLabel | 'none'): Expect => ({ ok: true, secret });
export const refuse = (...reasons: VerifyFailureReason[]): Expect => ({
	ok: false,
	reasons: reasons.length ? reasons : undefined,
});

export interface Slot {
	/** The header's name as the sender spells it. */
	name: string;
	/** What its absence reads as. */
	missing: VerifyFailureReason;
}

export interface Draft {
	config: VerificationConfig;
	entries: Entry[];
	body: unknown;
	secrets: Secrets;
	nowMs: number;
	expect: Expect;
	steps: string[];
	signCheck?: Case['signCheck'];
}

export const finish = (draft: Draft): Case => ({
	steps: draft.steps,
	config: draft.config,
	input: { rawBody: draft.body as Buffer, headers: toBag(draft.entries), secrets: draft.secrets, nowMs: draft.nowMs },
	expect: draft.expect,
	signCheck: draft.signCheck,
});

export const valueOf = (draft: Draft, name: string): string => {
	const value = draft.entries[findEntry(draft.entries, name)]?.[1];
	if (typeof value === 'string') return value;
	if (Array.isArray(value) && value.length === 1) return value[0];
	throw new Error(`test bug: no single value for ${name}`);
};

export const setValue = (draft: Draft, name: string, value: Entry[1] | number) => {
	const index = findEntry(draft.entries, name);
	draft.entries[index] = [draft.entries[index][0], value as Entry[1]];
};
