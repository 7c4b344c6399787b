import { readFileSync } from 'node:fs';

import type { DestinationRules } from '../../core/delivery/destinationPolicy';

/**
 * n8n's own SSRF protection settings, as n8n 2.40.7 defines them (@n8n/config 2.38.0, SsrfProtectionConfig)
 * and reads them: each variable, or failing that the file named by `<NAME>_FILE`. Our nodes send through their
 * own HTTP client, so n8n's guard never sees their requests; these settings are applied by ours instead, and
 * only when the operator turned n8n's protection on, as n8n does.
 */
export const N8N_SSRF = {
	enabled: 'N8N_SSRF_PROTECTION_ENABLED',
	blockedRanges: 'N8N_SSRF_BLOCKED_IP_RANGES',
	allowedRanges: 'N8N_SSRF_ALLOWED_IP_RANGES',
	allowedHostnames: 'N8N_SSRF_ALLOWED_HOSTNAMES',
	blockedHostnames: 'N8N_SSRF_BLOCKED_HOSTNAMES',
} as const;

/** n8n's blocked ranges when N8N_SSRF_BLOCKED_IP_RANGES is unset, and what its `default` entry stands for
 * (SSRF_DEFAULT_BLOCKED_IP_RANGES in @n8n/config). */
export const N8N_DEFAULT_BLOCKED_RANGES: readonly string[] = [
	'10.0.0.0/8',
	'172.16.0.0/12',
	'192.168.0.0/16',
	'127.0.0.0/8',
	'::1/128',
	'169.254.0.0/16',
	'fe80::/10',
	'fc00::/7',
	'fd00::/8',
	'0.0.0.0/8',
	'192.0.0.0/24',
	'192.0.2.0/24',
	'198.18.0.0/15',
	'198.51.100.0/24',
	'203.0.113.0/24',
];

export type OperatorRules = Omit<DestinationRules, 'allowPrivateNetwork'>;

type Env = Record<string, string | undefined>;

/** A variable's value as @n8n/config reads it: the variable itself when present (even empty), else the trimmed
 * content of the file its `_FILE` twin names. */
function readSetting(env: Env, name: string, readFile: (path: string) => string): string | undefined {
	if (name in env) return env[name];
	const file = env[`${name}_FILE`];
	return file ? readFile(file).trim() : undefined;
}

const commaList = (value: string | undefined) => (value ?? '').split(',').filter((entry) => entry.length > 0);

/** The blocked list is read through a schema: surrounding quotes dropped, `default` (any case) expanded. */
function blockedRanges(value: string | undefined): string[] {
	if (value === undefined) return [...N8N_DEFAULT_BLOCKED_RANGES];
	const unquoted = value.trim().replace(/^(['"])(.*)\1$/, '$2');
	const entries = unquoted
		.split(',')
		.map((entry) => entry.trim())
		.filter((entry) => entry.length > 0)
		.flatMap((entry) => (entry.toLowerCase() === 'default' ? N8N_DEFAULT_BLOCKED_RANGES : [entry]));
	return [...new Set(entries)];
}

/** n8n's lists for our guard, or undefined while n8n's protection is off (its lists then apply to nothing). */
export function readN8nSsrfRules(
	env: Env = process.env,
	readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): OperatorRules | undefined {
	const enabled = readSetting(env, N8N_SSRF.enabled, readFile);
	// n8n takes true/1 and false/0 in any case; anything else leaves protection at its default, off.
	if (enabled === undefined || !['true', '1'].includes(enabled.toLowerCase())) return undefined;
	return {
		allowedRanges: commaList(readSetting(env, N8N_SSRF.allowedRanges, readFile)),
		blockedRanges: blockedRanges(readSetting(env, N8N_SSRF.blockedRanges, readFile)),
		allowedHostnames: commaList(readSetting(env, N8N_SSRF.allowedHostnames, readFile)),
		blockedHostnames: commaList(readSetting(env, N8N_SSRF.blockedHostnames, readFile)),
		labels: {
			allowedRanges: N8N_SSRF.allowedRanges,
			blockedRanges: `n8n's SSRF protection (${N8N_SSRF.blockedRanges})`,
			allowedHostnames: N8N_SSRF.allowedHostnames,
			blockedHostnames: `n8n's SSRF protection (${N8N_SSRF.blockedHostnames})`,
		},
	};
}
