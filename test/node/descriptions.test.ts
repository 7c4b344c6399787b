/** Pins what saved workflows depend on: every node's and credential's description (names, types, defaults,
 * options, displayOptions, wording). A refactor that changes any of it fails here; a change that is meant is
 * accepted with `npx jest --selectProjects node -t descriptions -u` and reviewed in the snapshot diff. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ICredentialType, INodeType, INodeTypeDescription, IVersionedNodeType } from 'n8n-workflow';

const ROOT = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).n8n as {
	nodes: string[];
	credentials: string[];
};

/** The source module behind a `dist/…js` entry of package.json. */
const sourceOf = (distPath: string) => path.join(ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, ''));

function loadExport<T>(distPath: string): T {
	const module = require(sourceOf(distPath)) as Record<string, new () => T>;
	const exported = Object.values(module);
	expect(exported).toHaveLength(1);
	return new exported[0]();
}

/** Functions (methods, credential tests) are not part of a description a workflow can depend on. */
const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

function descriptionsOf(node: INodeType | IVersionedNodeType): Record<string, INodeTypeDescription> {
	if ('nodeVersions' in node) {
		return Object.fromEntries(
			Object.entries(node.nodeVersions).map(([version, typed]) => [`v${version}`, typed.description]),
		);
	}
	return { current: node.description };
}

describe('descriptions', () => {
	it.each(manifest.nodes.map((entry) => [path.basename(entry, '.node.js'), entry]))(
		'node %s is unchanged',
		(_name, entry) => {
			const node = loadExport<INodeType | IVersionedNodeType>(entry);
			expect(plain(descriptionsOf(node))).toMatchSnapshot();
		},
	);

	it.each(manifest.credentials.map((entry) => [path.basename(entry, '.credentials.js'), entry]))(
		'credential %s is unchanged',
		(_name, entry) => {
			const credential = loadExport<ICredentialType>(entry);
			expect(plain(credential)).toMatchSnapshot();
		},
	);
});

/** The editor (n8n 2.40.7, getMainAuthField) takes an `options` parameter for a node's authentication selector
 * when the credentials' `show` conditions together name every one of its options, and then hides it from the
 * node's panel. Hookline Alert's Operation vanished that way; the editor end-to-end test sees it, this says why. */
describe('no parameter is mistaken for an authentication selector', () => {
	it.each(manifest.nodes.map((entry) => [path.basename(entry, '.node.js'), entry]))('%s', (_name, entry) => {
		const node = loadExport<INodeType | IVersionedNodeType>(entry);
		for (const description of Object.values(descriptionsOf(node))) {
			const named = new Map<string, Set<string>>();
			for (const credential of description.credentials ?? []) {
				for (const [field, values] of Object.entries(credential.displayOptions?.show ?? {})) {
					const set = named.get(field) ?? new Set<string>();
					for (const value of values ?? []) set.add(String(value));
					named.set(field, set);
				}
			}
			const swallowed = description.properties
				.filter((property) => property.type === 'options' && named.has(property.name))
				.filter((property) =>
					(property.options ?? []).every(
						(option) => 'value' in option && named.get(property.name)!.has(String(option.value)),
					),
				)
				.map((property) => property.name);
			expect(swallowed).toEqual([]);
		}
	});
});
