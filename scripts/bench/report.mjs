// The benchmark table: every figure with its target and whether it holds, printed and written as JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A figure with a target: `holds` is computed, never typed in. Figures without a target say so. */
export function figure(name, value, { unit = '×', atLeast, atMost, note = '' } = {}) {
	const bound = atLeast ?? atMost;
	const target = bound === undefined ? '—' : `${atLeast !== undefined ? '≥' : '≤'} ${bound.toLocaleString('en-US')}`;
	const holds = atLeast !== undefined ? value >= atLeast : atMost !== undefined ? value <= atMost : undefined;
	return { name, value, unit, target, holds, note };
}

const format = (value, unit) => {
	const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
	const text = value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
	return unit === '×' ? `${text}×` : `${text} ${unit}`;
};

export function printTable(rows) {
	const lines = rows.map((row) => [
		row.name,
		format(row.value, row.unit),
		row.target === '—' ? '—' : `${row.target}${row.unit === '×' ? '×' : ` ${row.unit}`}`,
		row.holds === undefined ? '—' : row.holds ? 'yes' : 'NO',
		row.note,
	]);
	const header = ['figure', 'measured', 'target', 'holds', 'detail'];
	const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
	const render = (cells) =>
		cells
			.map((cell, i) => (i === 1 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
			.join('  ')
			.trimEnd();
	return [render(header), render(widths.map((w) => '-'.repeat(w))), ...lines.map(render)].join('\n');
}

/** Writes the run to `.bench/<time>.json` and `.bench/latest.json`; returns the first path. */
export function writeJson(root, run) {
	const dir = path.join(root, '.bench');
	mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${run.startedAt.replace(/[:.]/g, '-')}.json`);
	const text = `${JSON.stringify(run, null, 2)}\n`;
	writeFileSync(file, text);
	writeFileSync(path.join(dir, 'latest.json'), text);
	return file;
}
