// Copies what tsc does not next to the compiled classes: the node and credential icons (n8n
// resolves `file:` icons relative to the built .js file) and the nodes' output schemas
// (`__schema__/v<version>/<resource>/<operation>.json`, which n8n looks up in the folder of the
// built node file). tsc emits the schemas too today, through tsconfig's `nodes/**/*.json`; this
// copy does not depend on that.
const path = require('path');
const { task, src, dest, parallel } = require('gulp');

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

task('build:assets', parallel(copyNodeIcons, copyCredentialIcons, copyNodeSchemas));
