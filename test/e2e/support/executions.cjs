// Run by Node 24 (for node:sqlite): prints n8n's executions, with their run data un-flatted, as JSON.
const { DatabaseSync } = require('node:sqlite');
const path = require('node:path');

const [databaseFile, n8nModules] = process.argv.slice(2);
const { parse } = require(path.join(n8nModules, 'flatted'));
const db = new DatabaseSync(databaseFile, { readOnly: true });
const rows = db
	.prepare(
		`SELECT e.id, e.status, e.mode, e.workflowId, e.startedAt, e.stoppedAt, d.data
		 FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id ORDER BY CAST(e.id AS INTEGER)`,
	)
	.all();
const metadata = db.prepare('SELECT executionId, key, value FROM execution_metadata').all();
process.stdout.write(
	JSON.stringify(
		rows.map((row) => ({
			...row,
			data: row.data ? parse(row.data) : null,
			rawData: row.data ?? '',
			customData: Object.fromEntries(
				metadata.filter((m) => String(m.executionId) === String(row.id)).map((m) => [m.key, m.value]),
			),
		})),
	),
);
