// Copies what tsc does not next to the compiled classes: the node and credential icons (n8n
// resolves `file:` icons relative to the built .js file) and the nodes' output schemas
// (`__schema__/v<version>/<resource>/<operation>.json`, which n8n looks up in the folder of the
// built node file). tsc emits the schemas too today, through tsconfig's `nodes/**/*.json`; this
// copy does not depend on that. Every version a node declares gets a schema folder of its own
// (docs/triggers.md#output-schemas-for-every-version).
const fs = require('fs');
const path = require('path');
const { task, src, dest, parallel, series } = require('gulp');

function copyNodeIcons() {
	return src(path.resolve('nodes', '**', '*.{png,svg}'), { encoding: false }).pipe(
		dest(path.resolve('dist', 'nodes')),
	);
}

function copyCredentialIcons() {
	return src(path.resolve('credentials', '**', '*.{png,svg}'), {
		encoding: false,
		allowEmpty: true,
	}).pipe(dest(path.resolve('dist', 'credentials')));
}

function copyNodeSchemas() {
	return src(path.resolve('nodes', '*', '__schema__', '**', '*.json')).pipe(
		dest(path.resolve('dist', 'nodes')),
	);
}

/** A node version as n8n names its schema folder: 1.1 → "1.1.0". */
function padVersion(version) {
	return String(version).split('.').concat(['0', '0']).slice(0, 3).join('.');
}

/** Orders "1.1.0" and "1.0.0" as version numbers. */
function compareVersions(a, b) {
	const [x, y] = [a, b].map((v) => v.split('.').map(Number));
	return x.map((part, i) => part - y[i]).find((difference) => difference !== 0) ?? 0;
}

/** The versions the built node declares (a light-versioned node's array, or a VersionedNodeType's). */
function declaredVersions(builtNodeFile) {
	const exported = require(path.resolve(builtNodeFile));
	const NodeClass = Object.values(exported).find((value) => typeof value === 'function');
	const node = new NodeClass();
	const versions = node.nodeVersions ? Object.keys(node.nodeVersions) : [node.description.version];
	return versions.flat().map(padVersion);
}

/** For each version without a folder of its own, a copy of the nearest lower version's folder. */
function copyVersionSchemas(done) {
	for (const builtNodeFile of require('./package.json').n8n.nodes) {
		const builtDir = path.dirname(path.resolve(builtNodeFile));
		const sources = path.resolve('nodes', path.relative(path.resolve('dist', 'nodes'), builtDir));
		const schemaDir = path.join(sources, '__schema__');
		if (!fs.existsSync(schemaDir)) continue;
		const own = fs
			.readdirSync(schemaDir)
			.filter((name) => /^v\d+\.\d+\.\d+$/.test(name))
			.map((name) => name.slice(1))
			.sort(compareVersions);
		for (const version of declaredVersions(builtNodeFile)) {
			if (own.includes(version)) continue;
			const from = own.filter((ownVersion) => compareVersions(ownVersion, version) < 0).pop();
			if (from === undefined) continue;
			fs.cpSync(
				path.join(schemaDir, `v${from}`),
				path.join(builtDir, '__schema__', `v${version}`),
				{ recursive: true },
			);
		}
	}
	done();
}

task(
	'build:assets',
	series(parallel(copyNodeIcons, copyCredentialIcons, copyNodeSchemas), copyVersionSchemas),
);
