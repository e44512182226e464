// Main entry of the package. n8n itself loads the classes listed in package.json's
// "n8n" section; this entry exposes the same built classes to anyone who requires
// the package directly (scripts, tests, other tooling).
const entries = require('./package.json').n8n;

const exported = {};
for (const file of [...entries.nodes, ...entries.credentials]) {
	Object.assign(exported, require(`./${file}`));
}

module.exports = exported;
