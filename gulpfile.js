const path = require('node:path');
const { src, dest } = require('gulp');

/** tsc emits only JavaScript; n8n also reads each node's icon and codex file (`X.node.json`, its palette
 * categories and aliases) from beside the compiled node. */
function buildIcons() {
	const assets = ['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'];
	return src(assets, { base: '.', encoding: false }).pipe(dest(path.resolve('dist')));
}

exports['build:icons'] = buildIcons;
