/** What `npm pack` would publish: the compiled nodes and credentials with their icons and codex files, the
 * README and licence, and nothing else (no sources, tests, source maps or docs). Needs a build first, as
 * `npm test` does. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	main?: string;
	n8n: { nodes: string[]; credentials: string[] };
};

function packedFiles(): string[] {
	if (!existsSync(path.join(ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first');
	const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	const [pack] = JSON.parse(output) as Array<{ files: Array<{ path: string }> }>;
	return pack.files.map((file) => file.path).sort();
}

/** Icons a node or credential description names as `file:<name>`, found in its compiled source. */
function iconsOf(compiledFile: string): string[] {
	const source = readFileSync(path.join(ROOT, compiledFile), 'utf8');
	return [...source.matchAll(/'file:([^']+)'/g)].map((match) => path.join(path.dirname(compiledFile), match[1]));
}

describe('the npm package', () => {
	const files = packedFiles();

	it('holds only dist, the manifest, the README and the licence', () => {
		const outside = files.filter((file) => !file.startsWith('dist/'));
		expect(outside.sort()).toEqual(['LICENSE.md', 'README.md', 'package.json']);
	});

	it('holds no source maps, TypeScript sources, tests or docs', () => {
		expect(files.filter((file) => /\.map$|\.ts$|test|(^|\/)docs\//.test(file))).toEqual([]);
	});

	it('holds every node and credential the manifest lists, with their icons', () => {
		const entries = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
		expect(entries.length).toBeGreaterThanOrEqual(8);
		for (const entry of entries) {
			expect(files).toContain(entry);
			const icons = iconsOf(entry);
			expect(icons.length).toBeGreaterThan(0);
			for (const icon of icons) expect(files).toContain(icon);
		}
	});

	it('holds each node’s codex file beside it', () => {
		for (const entry of manifest.n8n.nodes) expect(files).toContain(entry.replace(/\.js$/, '.json'));
	});

	it('names no entry point it does not ship', () => {
		if (manifest.main !== undefined) expect(files).toContain(manifest.main);
	});
});
