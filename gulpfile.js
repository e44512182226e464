// Copies the node and credential icons next to the compiled classes: n8n resolves
// `file:` icons relative to the built .js file, and tsc copies only code.
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

task('build:icons', parallel(copyNodeIcons, copyCredentialIcons));
