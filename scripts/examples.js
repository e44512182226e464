'use strict';
/**
 * The example workflows in examples/ are written for a user's own n8n: no workflow id, and
 * credentials referenced by name only ("Bitel account", …) for the user to pick their own.
 * This module binds them to a local demo or test instance: a fixed id per file, the credential
 * ids of that instance, and the BES callback URL pointed at that instance's BES Trigger.
 */
const fs = require('node:fs');
const path = require('node:path');

const EXAMPLES_DIR = path.resolve(__dirname, '..', 'examples');

/** The credential each example expects, by type: the name in the files, and the id a demo gives it. */
const EXAMPLE_CREDENTIALS = {
	bitelApi: { id: 'exBitelApiCred01', name: 'Bitel account' },
	bitelWebhookApi: { id: 'exBitelHookCred1', name: 'Bitel webhook token' },
	besApi: { id: 'exBesApiCred0001', name: 'BES account' },
	besCallbackApi: { id: 'exBesHookCred001', name: 'BES shared key' },
};

/** A stable 16-character workflow id from the file name (n8n accepts up to 21). */
function exampleId(file) {
	const base = path
		.basename(file, '.json')
		.replace(/[^A-Za-z0-9]/g, '')
		.slice(0, 14);
	return `ex${base}`.padEnd(16, '0').slice(0, 16);
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
 * `webhooks` are the Webhook nodes an app calls (their production path); a workflow with
 * triggers or webhooks is published.
 * @returns {{file: string, id: string, workflow: object, triggers: {type: string, webhookId: string, name: string}[], webhooks: {name: string, path: string, httpMethod: string}[], manual: boolean, published: boolean}[]}
 */
function loadExamples({ baseUrl, credentials = EXAMPLE_CREDENTIALS } = {}) {
	return listExampleFiles().map((file) => {
		const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
		workflow.id = exampleId(file);
		const triggers = [];
		const webhooks = [];
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
		const manual = workflow.nodes.some((n) => n.type === 'n8n-nodes-base.manualTrigger');
		const published = triggers.length > 0 || webhooks.length > 0;
		return { file, id: workflow.id, workflow, triggers, webhooks, manual, published };
	});
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
	];
}

module.exports = {
	EXAMPLES_DIR,
	EXAMPLE_CREDENTIALS,
	exampleId,
	listExampleFiles,
	loadExamples,
	simulatorExampleCredentials,
};
