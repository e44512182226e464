'use strict';
/**
 * The example workflows in examples/ are written for a user's own n8n: no workflow id, and
 * credentials referenced by name only ("Bitel account", …) for the user to pick their own.
 * This module binds them to a local demo or test instance: a fixed id per file, the credential
 * ids of that instance, and the BES callback URL pointed at that instance's BES Trigger.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const EXAMPLES_DIR = path.resolve(__dirname, '..', 'examples');

/** The credential each example expects, by type: the name in the files, and the id a demo gives it. */
const EXAMPLE_CREDENTIALS = {
	bitelApi: { id: 'exBitelApiCred01', name: 'Bitel account' },
	bitelWebhookApi: { id: 'exBitelHookCred1', name: 'Bitel webhook token' },
	besApi: { id: 'exBesApiCred0001', name: 'BES account' },
	besCallbackApi: { id: 'exBesHookCred001', name: 'BES shared key' },
	httpHeaderAuth: { id: 'exVerifyApiKey01', name: 'Verification API key' },
};

/**
 * The header the Verification API example's webhooks expect, with the demo's fixed key (printed
 * by `npm start`; a real workflow needs a long random key of its own).
 */
const DEMO_API_KEY = { name: 'X-API-Key', value: 'bitel-demo-api-key' };

/**
 * A stable 16-character workflow id from the file name (n8n accepts up to 21): readable start,
 * then 6 hex digits of its hash, so names that start alike (bitel-verification-…) differ.
 */
function exampleId(file) {
	const name = path.basename(file, '.json');
	const base = name
		.replace(/^bitel-/, '')
		.replace(/[^A-Za-z0-9]/g, '')
		.slice(0, 8);
	const hash = crypto.createHash('sha256').update(name).digest('hex').slice(0, 6);
	return `ex${base}`.padEnd(10, '0') + hash;
}

function listExampleFiles() {
	return fs
		.readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => path.join(EXAMPLES_DIR, f));
}

/**
 * The examples, ready to import into the instance at `baseUrl`.
 * `webhooks` are the Webhook nodes an app calls (their production path), `forms` the Form Triggers
 * (their production form is /form/<path>); a workflow with triggers or webhooks is published.
 * `scheduled`: it has a Schedule Trigger (published only by the user: the demo runs it by hand).
 * @returns {{file: string, id: string, workflow: object, triggers: {type: string, webhookId: string, name: string}[], webhooks: {name: string, path: string, httpMethod: string}[], forms: {name: string, path: string}[], manual: boolean, scheduled: boolean, published: boolean}[]}
 */
function loadExamples({ baseUrl, credentials = EXAMPLE_CREDENTIALS } = {}) {
	const examples = listExampleFiles().map((file) => {
		const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
		workflow.id = exampleId(file);
		const triggers = [];
		const webhooks = [];
		const forms = [];
		for (const node of workflow.nodes) {
			for (const [type, ref] of Object.entries(node.credentials || {})) {
				const bound = credentials[type];
				if (bound) node.credentials[type] = { id: bound.id, name: bound.name };
				else if (ref && !ref.id)
					throw new Error(
						`${path.basename(file)}: node "${node.name}" needs a ${type} credential the demo does not create`,
					);
			}
			if (node.webhookId && /Trigger$/.test(node.type))
				triggers.push({ type: node.type, webhookId: node.webhookId, name: node.name });
			if (node.type === 'n8n-nodes-base.webhook')
				webhooks.push({
					name: node.name,
					path: node.parameters.path,
					httpMethod: node.parameters.httpMethod || 'GET',
				});
			if (node.type === 'n8n-nodes-base.formTrigger')
				forms.push({
					name: node.name,
					path: (node.parameters.options && node.parameters.options.path) || node.webhookId,
				});
		}
		// The BES node's Callback URL points at the BES Trigger of the same workflow: use this instance's host.
		if (baseUrl) {
			for (const node of workflow.nodes) {
				const opts = node.parameters && node.parameters.options;
				if (node.type === 'n8n-nodes-bitel.bes' && opts && typeof opts.callBackUrl === 'string') {
					opts.callBackUrl = opts.callBackUrl.replace(
						/^https?:\/\/[^/]+/,
						baseUrl.replace(/\/$/, ''),
					);
				}
			}
		}
		const has = (type) => workflow.nodes.some((n) => n.type === type);
		const manual = has('n8n-nodes-base.manualTrigger');
		const scheduled = has('n8n-nodes-base.scheduleTrigger');
		const published = triggers.length > 0 || webhooks.length > 0;
		return {
			file,
			id: workflow.id,
			workflow,
			triggers,
			webhooks,
			forms,
			manual,
			scheduled,
			published,
		};
	});
	const ids = new Set(examples.map((e) => e.id));
	if (ids.size !== examples.length) throw new Error('Two examples would get the same workflow id');
	return examples;
}

/** The credentials the examples use, pointing at a simulator (its DEFAULTS) at `simUrl`. */
function simulatorExampleCredentials(simUrl, DEFAULTS, bitelHookToken) {
	return [
		{
			...EXAMPLE_CREDENTIALS.bitelApi,
			type: 'bitelApi',
			data: { apiToken: DEFAULTS.bitel.token, baseUrl: simUrl },
		},
		{
			...EXAMPLE_CREDENTIALS.bitelWebhookApi,
			type: 'bitelWebhookApi',
			data: { token: bitelHookToken },
		},
		{
			...EXAMPLE_CREDENTIALS.besApi,
			type: 'besApi',
			data: {
				baseUrl: simUrl,
				appKey: DEFAULTS.bes.appKey,
				appSecret: DEFAULTS.bes.appSecret,
				lifetimeSeconds: 3600,
			},
		},
		{
			...EXAMPLE_CREDENTIALS.besCallbackApi,
			type: 'besCallbackApi',
			data: { sharedSecret: DEFAULTS.bes.sharedKey },
		},
		{
			...EXAMPLE_CREDENTIALS.httpHeaderAuth,
			type: 'httpHeaderAuth',
			data: { ...DEMO_API_KEY },
		},
	];
}

module.exports = {
	DEMO_API_KEY,
	EXAMPLES_DIR,
	EXAMPLE_CREDENTIALS,
	exampleId,
	listExampleFiles,
	loadExamples,
	simulatorExampleCredentials,
};
