/** Reads a dot-separated path (`body.device.id`) from plain data; own properties only, so a path can never
 * reach into a prototype. */
export function readPath(source: unknown, path: string): unknown {
	let current: unknown = source;
	for (const key of path.split('.').filter(Boolean)) {
		if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
		current = (current as Record<string, unknown>)[key];
	}
	return current;
}
