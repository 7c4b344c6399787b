import { Buffer } from 'node:buffer';

export const DEFAULT_SIGNED_CONTENT = '{body}';

export type Placeholder = 'body' | 'timestamp' | 'id';

export interface SignedValues {
	body: Buffer;
	timestamp?: string;
	id?: string;
}

/** Splits around the placeholders, keeping them (odd indices); any other brace text is literal. */
const PLACEHOLDER = /\{(body|timestamp|id)\}/;

export function templateUses(template: string, placeholder: Placeholder): boolean {
	return template.includes(`{${placeholder}}`);
}

/** The signed bytes: literal parts and header values as UTF-8, the body as the exact bytes received. The
 * body is never turned into a string, which would replace invalid UTF-8 and change what was signed. */
export function buildSignedContent(template: string, values: SignedValues): Buffer {
	// The common case signs the body alone: no split, and no copy of a body that may be megabytes.
	if (template === DEFAULT_SIGNED_CONTENT) return values.body;
	const parts = template.split(PLACEHOLDER).map((part, index) => {
		if (index % 2 === 0) return Buffer.from(part, 'utf8');
		if (part === 'body') return values.body;
		const value = values[part as 'timestamp' | 'id'];
		// Callers read every placeholder the template uses before building; reaching this is a bug.
		if (value === undefined) throw new Error(`The signed content needs {${part}} but it has no value`);
		return Buffer.from(value, 'utf8');
	});
	return Buffer.concat(parts);
}
