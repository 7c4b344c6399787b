import { N8N_DEFAULT_BLOCKED_RANGES, readN8nSsrfRules } from '../../nodes/n8n/delivery/n8nSsrfSettings';

const noFile = (path: string): string => {
	throw new Error(`unexpected read of ${path}`);
};

describe("readN8nSsrfRules: n8n's SSRF variables, read as n8n 2.40.7 reads them", () => {
	it('gives nothing while N8N_SSRF_PROTECTION_ENABLED is unset, false or not a boolean', () => {
		for (const enabled of [undefined, 'false', '0', 'yes', ' true', '']) {
			const env = { N8N_SSRF_ALLOWED_IP_RANGES: '10.0.0.0/8', N8N_SSRF_PROTECTION_ENABLED: enabled };
			expect(readN8nSsrfRules(enabled === undefined ? { N8N_SSRF_ALLOWED_IP_RANGES: '10.0.0.0/8' } : env, noFile)).toBe(
				undefined,
			);
		}
	});

	it("with protection on and nothing else set: n8n's default blocked ranges, no allowances", () => {
		for (const enabled of ['true', 'TRUE', '1']) {
			expect(readN8nSsrfRules({ N8N_SSRF_PROTECTION_ENABLED: enabled }, noFile)).toMatchObject({
				allowedRanges: [],
				blockedRanges: N8N_DEFAULT_BLOCKED_RANGES,
				allowedHostnames: [],
				blockedHostnames: [],
			});
		}
	});

	it('reads every list, expanding `default` in the blocked ranges and dropping empty entries', () => {
		const rules = readN8nSsrfRules(
			{
				N8N_SSRF_PROTECTION_ENABLED: 'true',
				N8N_SSRF_BLOCKED_IP_RANGES: '"Default, 100.0.0.0/8,,10.0.0.0/8"',
				N8N_SSRF_ALLOWED_IP_RANGES: '10.5.0.0/24,,10.6.0.0/24',
				N8N_SSRF_ALLOWED_HOSTNAMES: '*.n8n.internal,api.example.com',
				N8N_SSRF_BLOCKED_HOSTNAMES: 'evil.example',
			},
			noFile,
		);
		expect(rules?.blockedRanges).toEqual([...N8N_DEFAULT_BLOCKED_RANGES, '100.0.0.0/8']);
		expect(rules?.allowedRanges).toEqual(['10.5.0.0/24', '10.6.0.0/24']);
		expect(rules?.allowedHostnames).toEqual(['*.n8n.internal', 'api.example.com']);
		expect(rules?.blockedHostnames).toEqual(['evil.example']);
	});

	it('a blocked list without `default` replaces the defaults, as in n8n (our own rule still covers them)', () => {
		const rules = readN8nSsrfRules(
			{ N8N_SSRF_PROTECTION_ENABLED: 'true', N8N_SSRF_BLOCKED_IP_RANGES: '100.0.0.0/8' },
			noFile,
		);
		expect(rules?.blockedRanges).toEqual(['100.0.0.0/8']);
	});

	it('reads `<NAME>_FILE` when the variable itself is absent, trimmed', () => {
		const files: Record<string, string> = {
			'/run/secrets/enabled': 'true\n',
			'/run/secrets/allowed': ' 10.9.0.0/16 \n',
		};
		const rules = readN8nSsrfRules(
			{
				N8N_SSRF_PROTECTION_ENABLED_FILE: '/run/secrets/enabled',
				N8N_SSRF_ALLOWED_IP_RANGES_FILE: '/run/secrets/allowed',
				N8N_SSRF_BLOCKED_HOSTNAMES: '',
				N8N_SSRF_BLOCKED_HOSTNAMES_FILE: '/never/read',
			},
			(path) => files[path],
		);
		expect(rules?.allowedRanges).toEqual(['10.9.0.0/16']);
		expect(rules?.blockedHostnames).toEqual([]);
	});

	it('names the variables in refusals', () => {
		expect(readN8nSsrfRules({ N8N_SSRF_PROTECTION_ENABLED: 'true' }, noFile)?.labels).toEqual({
			allowedRanges: 'N8N_SSRF_ALLOWED_IP_RANGES',
			blockedRanges: "n8n's SSRF protection (N8N_SSRF_BLOCKED_IP_RANGES)",
			allowedHostnames: 'N8N_SSRF_ALLOWED_HOSTNAMES',
			blockedHostnames: "n8n's SSRF protection (N8N_SSRF_BLOCKED_HOSTNAMES)",
		});
	});
});
