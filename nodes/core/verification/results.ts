import type { SecretLabel, VerifyFailureReason, VerifyResult } from './types';

export const failure = (method: string, reason: VerifyFailureReason): VerifyResult => ({ ok: false, method, reason });

export const success = (method: string, secret: SecretLabel | 'none'): VerifyResult => ({ ok: true, method, secret });
