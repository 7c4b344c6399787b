// Run by n8n's Node 24 (for node:sqlite): reads n8n's executions table for the benchmarks.
//   pending <db> <n8nModules>                    → {"pending":N,"total":N,"lastId":N}
//   since <db> <n8nModules> <id>                 → executions after that id: {"count":N,"lastStoppedAt":ms}
//   latest <db> <n8nModules> <workflowId> <node> → the newest execution of a workflow and that node's run
const { DatabaseSync } = require('node:sqlite');
const path = require('node:path');

const [mode, databaseFile, n8nModules, ...args] = process.argv.slice(2);
const db = new DatabaseSync(databaseFile, { readOnly: true });
// TypeORM keeps SQLite datetimes as UTC text, 'YYYY-MM-DD HH:MM:SS.SSS'.
const epochMs = (text) => (text ? Date.parse(`${text.replace(' ', 'T')}Z`) : null);
const UNFINISHED = `('new', 'running', 'waiting')`;

function pending() {
	const row = db
		.prepare(
			`SELECT SUM(status IN ${UNFINISHED}) AS pending, COUNT(*) AS total, MAX(CAST(id AS INTEGER)) AS lastId
			 FROM execution_entity`,
		)
		.get();
	return { pending: row.pending ?? 0, total: row.total, lastId: row.lastId ?? 0 };
}

function since(afterId) {
	const row = db
		.prepare(
			`SELECT COUNT(*) AS count, MAX(stoppedAt) AS lastStoppedAt FROM execution_entity WHERE CAST(id AS INTEGER) > ?`,
		)
		.get(Number(afterId));
	return { count: row.count, lastStoppedAt: epochMs(row.lastStoppedAt) };
}

function latest(workflowId, nodeName) {
	const row = db
		.prepare(
			`SELECT e.id, e.status, d.data FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id
			 WHERE e.workflowId = ? ORDER BY CAST(e.id AS INTEGER) DESC LIMIT 1`,
		)
		.get(workflowId);
	if (!row) return null;
	const { parse } = require(path.join(n8nModules, 'flatted'));
	const run = row.data ? parse(row.data).resultData.runData[nodeName]?.[0] : undefined;
	return {
		id: row.id,
		status: row.status,
		executionTime: run?.executionTime,
		outputItems: (run?.data?.main ?? []).map((items) => items?.length ?? 0),
	};
}

const modes = { pending, since, latest };
if (!modes[mode]) {
	process.stderr.write(`unknown mode ${mode}\n`);
	process.exit(2);
}
process.stdout.write(JSON.stringify(modes[mode](...args)));
