'use strict';
/**
 * Checks node outputs against the JSON Schemas the package ships in
 * dist/nodes/<Node>/__schema__/v1.0.0/… (n8n's layout, read by its editor and its AI builder).
 * Two checks: the JSON Schema itself (ajv, draft-07), and "no undeclared field": every field of an
 * output, at any depth, is named in its schema's `properties`, even where the schema allows
 * more (`additionalProperties: true` marks records passed on from the provider as received).
 */
const fs = require('node:fs');
const path = require('node:path');
const Ajv = require('ajv');

/** Where a node's schema lives, as n8n resolves it: resource/operation, or `output` for triggers. */
function schemaFile(packageDir, node, { resource, operation } = {}) {
	const base = path.join(packageDir, 'dist', 'nodes', node, '__schema__', 'v1.0.0');
	return resource ? path.join(base, resource, `${operation}.json`) : path.join(base, 'output.json');
}

/** Paths of fields in `value` that `schema` does not name (type unions take the object/array branch). */
function undeclaredFields(schema, value, at = '') {
	if (Array.isArray(value)) {
		if (!schema.items) return [];
		return value.flatMap((v, i) => undeclaredFields(schema.items, v, `${at}[${i}]`));
	}
	if (value === null || typeof value !== 'object') return [];
	const props = schema.properties || {};
	return Object.entries(value).flatMap(([key, v]) =>
		key in props ? undeclaredFields(props[key], v, `${at}.${key}`) : [`${at}.${key}`],
	);
}

function createChecker() {
	const ajv = new Ajv({ allErrors: true });
	const compiled = new Map();
	/** Problems of one output item against a schema file (empty when it conforms). */
	return function check(file, json) {
		if (!compiled.has(file)) {
			const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
			compiled.set(file, { schema, validate: ajv.compile(schema) });
		}
		const { schema, validate } = compiled.get(file);
		const problems = validate(json)
			? []
			: validate.errors.map((e) => `${e.dataPath || '(item)'} ${e.message}`);
		return problems.concat(undeclaredFields(schema, json).map((p) => `${p} is not in the schema`));
	};
}

module.exports = { schemaFile, undeclaredFields, createChecker };
