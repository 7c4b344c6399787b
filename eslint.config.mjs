import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

// Hookline ships runtime dependencies (jsonata, ioredis), so it is an unverified community package: the n8n
// Cloud rules that forbid any dependency are replaced by an explicit allow-list of what the nodes really import.
const allowedImport = (modules) => `^(?!(${modules.join('|')}|node:.*|\\.{1,2}/.*)$)`;
const shippedImports = ['n8n-workflow', 'jsonata', 'zod', 'ioredis', 'jose', 'crypto'];
const restrictTo = (modules) => ({
	regex: allowedImport(modules),
	message: 'Only the declared runtime dependencies may be imported by shipped code.',
});

export default [
	...configWithoutCloudSupport,
	{ ignores: ['dist/', 'node_modules/', 'test/', 'scripts/', 'examples/', '*.js', '*.mjs'] },
	{
		files: ['package.json'],
		rules: { '@n8n/community-nodes/no-runtime-dependencies': 'off' },
	},
	{
		// The design names n8n's own credential types where they exist (redis for shared stores, httpBasicAuth for
		// Basic Auth), so users keep one credential per server or sender. The rules below are for n8n-verified
		// packages, which may use only their own credentials; n8n's built-in ones also carry no "Api" suffix.
		files: ['nodes/**/*.node.ts'],
		rules: {
			'@n8n/community-nodes/no-credential-reuse': 'off',
			'@n8n/community-nodes/valid-credential-references': 'off',
			'n8n-nodes-base/node-class-description-credentials-name-unsuffixed': 'off',
		},
	},
	{
		// The sending nodes declare only a restart webhook (n8n's waiting webhook, which resumes an execution that
		// waits for a later attempt), as n8n's Wait node does: nothing is registered with a third-party service,
		// so there is no lifecycle to implement.
		files: ['nodes/HooklineSend/HooklineSend.node.ts', 'nodes/HooklinePsaEvent/HooklinePsaEvent.node.ts'],
		rules: { '@n8n/community-nodes/webhook-lifecycle-complete': 'off' },
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [restrictTo(shippedImports)],
				},
			],
		},
	},
	{
		// The layers run one way: node folders → nodes/n8n (n8n-facing helpers) → nodes/core (pure logic).
		files: ['nodes/n8n/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						restrictTo(shippedImports),
						{ group: ['**/Hookline*', '**/Hookline*/**'], message: 'nodes/n8n may not import a node folder.' },
					],
				},
			],
		},
	},
	{
		// The pure core must stay testable and reusable without n8n.
		files: ['nodes/core/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					paths: [
						{ name: 'n8n-workflow', message: 'nodes/core is the pure core: no n8n imports.' },
						{ name: 'n8n-core', message: 'nodes/core is the pure core: no n8n imports.' },
					],
					patterns: [
						restrictTo(shippedImports.filter((name) => name !== 'n8n-workflow')),
						{
							group: ['**/n8n', '**/n8n/**', '**/Hookline*', '**/Hookline*/**'],
							message: 'nodes/core is the pure core: it may not import the n8n layer or a node folder.',
						},
					],
				},
			],
		},
	},
];
