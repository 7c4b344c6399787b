/** scripts/n8n-runtime.cjs (shared with `npm run dev` and the benchmarks, hence CommonJS), typed for the tests. */

export interface PostgresSettings {
	host: string;
	port: number;
	user: string;
	database: string;
}

export interface RunningN8n {
	baseUrl: string;
	child: { pid?: number };
	stop(): Promise<void>;
}

interface RuntimeModule {
	ensureRuntime(): { nodeBin: string; n8nBin: string };
	installPackage(userFolder: string): { version: string };
	freePort(): Promise<number>;
	n8nEnv(options: {
		userFolder: string;
		port: number;
		brokerPort: number;
		extra?: Record<string, string>;
	}): NodeJS.ProcessEnv;
	queueModeEnv(options: { redisPort: number; postgres?: PostgresSettings }): Record<string, string>;
	n8nCli(env: NodeJS.ProcessEnv, args: string[]): string;
	startN8n(options: {
		userFolder: string;
		port: number;
		brokerPort: number;
		extraEnv?: Record<string, string>;
		command?: 'start' | 'webhook' | 'worker';
	}): Promise<RunningN8n>;
	nodeBin: string;
	n8nBin: string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const runtime = require('../../../scripts/n8n-runtime.cjs') as RuntimeModule;
