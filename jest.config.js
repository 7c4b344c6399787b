/** Test tiers: `unit` (pure core), `node` (nodes with typed mocks of n8n's contexts),
 * `workflow` (workflow JSON through n8n-core's WorkflowExecute), `e2e` (a real n8n server). */
const tsJest = ['ts-jest', { tsconfig: 'test/tsconfig.json', diagnostics: { warnOnly: false } }];

const tier = (name, extra = {}) => ({
	displayName: name,
	testEnvironment: 'node',
	transform: { '^.+\\.ts$': tsJest },
	testMatch: [`<rootDir>/test/${name}/**/*.test.ts`],
	...extra,
});

module.exports = {
	projects: [
		tier('unit'),
		tier('node'),
		tier('workflow'),
		tier('e2e', { setupFilesAfterEnv: ['<rootDir>/test/e2e/support/timeout.ts'] }),
	],
};
