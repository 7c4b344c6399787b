export type JsonParameterResult = { ok: true; value: unknown } | { ok: false; message: string };

/** An n8n JSON parameter holds text when typed and a value when an expression produced one. Text is parsed;
 * anything else is taken as is. */
export function readJsonParameter(raw: unknown): JsonParameterResult {
	if (typeof raw !== 'string') return raw === undefined ? { ok: false, message: 'is empty' } : { ok: true, value: raw };
	if (raw.trim() === '') return { ok: false, message: 'is empty' };
	try {
		return { ok: true, value: JSON.parse(raw) as unknown };
	} catch (error) {
		return { ok: false, message: `is not valid JSON (${(error as Error).message})` };
	}
}
