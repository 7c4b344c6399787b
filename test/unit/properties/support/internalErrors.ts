/** verifySignature never throws: it turns anything unforeseen into a `malformed_header` refusal. That hides
 * bugs from a test that only looks at results, so the verifiers' property wraps the functions it calls and
 * records what they throw (jest.mock factories require this module and wrap the real ones). */

export interface ThrownRecord {
	fn: string;
	error: unknown;
}

const thrown: ThrownRecord[] = [];

export function takeThrown(): ThrownRecord[] {
	return thrown.splice(0, thrown.length);
}

export function wrapExports<T extends Record<string, unknown>>(actual: T, names: readonly string[]): T {
	const wrapped: Record<string, unknown> = { ...actual };
	for (const name of names) {
		const original = actual[name];
		if (typeof original !== 'function') throw new Error(`No function ${name} to wrap`);
		wrapped[name] = (...args: unknown[]) => {
			try {
				return (original as (...a: unknown[]) => unknown)(...args);
			} catch (error) {
				thrown.push({ fn: name, error });
				throw error;
			}
		};
	}
	return wrapped as T;
}
