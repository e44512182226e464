/**
 * Keeps `npm ci` working on registries that do not serve every platform build.
 *
 * Some devDependencies (unrs-resolver, from n8n's lint toolchain) list optional,
 * per-platform packages. When the registry does not have one, `npm install` skips it
 * but still records the edge in package-lock.json, and `npm ci` then refuses the lock
 * ("Missing: … from lock file"). This removes optional edges that have no package in
 * the lock. Run it after `npm install` changes the lock: `node scripts/prune-lock.js`.
 */
const fs = require('fs');
const path = require('path');

const lockPath = path.join(__dirname, '..', 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

/** Where Node would find `dependency` from the package at `from` (nearest node_modules up). */
function resolves(from, dependency) {
	let base = from;
	for (;;) {
		if (packages[`${base ? `${base}/` : ''}node_modules/${dependency}`]) return true;
		if (!base) return false;
		const parent = base.lastIndexOf('/node_modules/');
		base = parent < 0 ? '' : base.slice(0, parent);
	}
}

const pruned = [];
for (const [where, entry] of Object.entries(packages)) {
	if (!entry.optionalDependencies) continue;
	for (const dependency of Object.keys(entry.optionalDependencies)) {
		if (resolves(where, dependency)) continue;
		delete entry.optionalDependencies[dependency];
		pruned.push(`${where} -> ${dependency}`);
	}
	if (Object.keys(entry.optionalDependencies).length === 0) delete entry.optionalDependencies;
}

fs.writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(pruned.length ? `Pruned ${pruned.length} unavailable optional edges:\n${pruned.join('\n')}` : 'Nothing to prune.');
