import type { ZodError } from 'zod';

/** `AdditionalFields[0].Name` rather than zod's raw path array. */
function formatPath(path: ReadonlyArray<string | number>, rootLabel: string): string {
	if (path.length === 0) return rootLabel;
	return path.reduce<string>((text, key, index) => {
		if (typeof key === 'number') return `${text}[${key}]`;
		return index === 0 ? key : `${text}.${key}`;
	}, '');
}

/** One readable line per issue, e.g. `title: Required` — what a 400 `details` array shows a sender. */
export function formatIssues(error: ZodError, rootLabel = 'body'): string[] {
	return error.issues.map((issue) => `${formatPath(issue.path, rootLabel)}: ${issue.message}`);
}
