'use strict';
/**
 * End-to-end harness: the simulator in this process, one real `n8n start` per suite (our packed
 * package installed as a community package), workflows driven through their production webhooks,
 * and run data read back through n8n's REST API.
 */
const fs = require('node:fs');
const path = require('node:path');
const rt = require('./n8n-runtime');

const REPO_DIR = rt.REPO_DIR;
/**
 * Where a workflow named by its file name is read from: the suites' fixtures. Data only (no
 * code of test/ is loaded); a name that is an absolute path is read from there instead.
 */
const WORKFLOW_DIR = path.join(REPO_DIR, 'test', 'e2e', 'workflows');

/** Generous: a cold machine installs Node 24 + n8n (≈3–4 min) inside the first beforeAll. */
const SETUP_TIMEOUT_MS = 30 * 60 * 1000;

/** The n8n major version the suites run against (N8N_BITEL_N8N_VERSION, default 2.41.1). */
const N8N_MAJOR = rt.n8nMajor(rt.N8N_VERSION);

/** Credential ids the fixtures reference (16 characters, like n8n's own ids). */
const CRED = {
	bitel: { id: 'e2eBitelCred0001', name: 'Bitel (simulator)', type: 'bitelApi' },
	bitelBad: { id: 'e2eBitelBadCred1', name: 'Bitel (wrong token)', type: 'bitelApi' },
	bes: { id: 'e2eBesCred000001', name: 'BES (simulator)', type: 'besApi' },
	besTokens: { id: 'e2eBesTokenCred1', name: 'BES (token reuse)', type: 'besApi' },
	besBad: { id: 'e2eBesBadCred001', name: 'BES (wrong secret)', type: 'besApi' },
	bitelHook: { id: 'e2eBitelHookCred', name: 'Bitel webhook token (e2e)', type: 'bitelWebhookApi' },
	besHook: { id: 'e2eBesHookCred01', name: 'BES shared key (e2e)', type: 'besCallbackApi' },
};

/** The token the Bitel Trigger's credential holds (the `?token=` of its URL). */
const BITEL_HOOK_TOKEN = 'e2e-bitel-hook-token-0123456789';

/** Node types this package declares in package.json (read synchronously, at suite load). */
function declaredNodeFiles() {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8'));
	return ((pkg.n8n && pkg.n8n.nodes) || []).map((p) => path.basename(p));
}
function hasNode(className) {
	return declaredNodeFiles().includes(`${className}.node.js`);
}
function declaredCredentialFiles() {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_DIR, 'package.json'), 'utf8'));
	return ((pkg.n8n && pkg.n8n.credentials) || []).map((p) => path.basename(p));
}
function hasCredential(className) {
	return declaredCredentialFiles().includes(`${className}.credentials.js`);
}
/** The node classes this package must ship; the suites fail if package.json lacks one. */
const PACKAGE_NODES = ['Bitel', 'Bes', 'BitelTrigger', 'BesTrigger'];

/**
 * Fails the calling suite at load time when package.json does not declare every node, so a
 * broken registration is a red run, never a silently skipped suite.
 */
function requirePackageNodes() {
	const missing = PACKAGE_NODES.filter((c) => !hasNode(c));
	if (missing.length) {
		throw new Error(`package.json's "n8n.nodes" does not declare ${missing.join(', ')}`);
	}
}

function loadWorkflow(file) {
	const wf = JSON.parse(
		fs.readFileSync(
			path.resolve(WORKFLOW_DIR, file.endsWith('.json') ? file : `${file}.json`),
			'utf8',
		),
	);
	return wf;
}

/** Credentials pointing at the simulator (defaults of tools/simulator). */
function simulatorCredentials(sim, DEFAULTS) {
	const creds = [];
	if (hasCredential('BitelApi')) {
		creds.push(
			{ ...CRED.bitel, data: { apiToken: DEFAULTS.bitel.token, baseUrl: sim.url } },
			{ ...CRED.bitelBad, data: { apiToken: 'not-the-token', baseUrl: sim.url } },
		);
	}
	if (hasCredential('BesApi')) {
		const bes = {
			baseUrl: sim.url,
			appKey: DEFAULTS.bes.appKey,
			appSecret: DEFAULTS.bes.appSecret,
			lifetimeSeconds: 3600,
		};
		creds.push(
			{ ...CRED.bes, data: { ...bes } },
			{ ...CRED.besTokens, data: { ...bes } },
			{ ...CRED.besBad, data: { ...bes, appSecret: 'not-the-secret' } },
		);
	}
	if (hasCredential('BitelWebhookApi'))
		creds.push({ ...CRED.bitelHook, data: { token: BITEL_HOOK_TOKEN } });
	if (hasCredential('BesCallbackApi'))
		creds.push({ ...CRED.besHook, data: { sharedSecret: DEFAULTS.bes.sharedKey } });
	return creds;
}

/**
 * Start one suite's world.
 * @param {object} o
 * @param {string} o.name            label (log file, temp folder)
 * @param {Array<string|object>} o.workflows  fixture files under test/e2e/workflows/, or workflows
 * @param {string[]} [o.activate]    workflow ids to publish once n8n runs (webhook/trigger workflows)
 * @param {object} [o.simulator]     options for startSimulator
 * @param {(ctx) => Promise<void>} [o.beforeStart]  runs with n8n imported but not started (CLI work)
 */
async function startE2E({ name, workflows = [], activate = [], simulator = {}, beforeStart } = {}) {
	const { startSimulator, DEFAULTS } = require('./simulator');
	const timings = {};
	const t0 = Date.now();
	const runtime = await rt.ensureRuntime();
	timings.runtime = Date.now() - t0;
	let t = Date.now();
	const tgz = await rt.packPackage();
	timings.pack = Date.now() - t;

	const sim = await startSimulator({ port: 0, seed: 1, ...simulator });
	let n8n;
	try {
		t = Date.now();
		n8n = await rt.createInstance({ runtime, tgz, name });
		timings.install = Date.now() - t;
		t = Date.now();
		const creds = simulatorCredentials(sim, DEFAULTS);
		if (creds.length) await n8n.importCredentials(creds);
		// A fixture file's name, or a workflow a suite builds itself (agent.e2e.test.js).
		const wfs = workflows.map((w) => (typeof w === 'string' ? loadWorkflow(w) : w));
		if (wfs.length) await n8n.importWorkflows(wfs);
		timings.import = Date.now() - t;
		const ctx = { sim, n8n, DEFAULTS, runtime, tgz, workflows: wfs };
		if (beforeStart) {
			t = Date.now();
			await beforeStart(ctx);
			timings.beforeStart = Date.now() - t;
		}
		t = Date.now();
		await n8n.start();
		timings.start = Date.now() - t;
		await n8n.setupOwner();
		t = Date.now();
		for (const id of activate) await n8n.activateWorkflow(id);
		timings.activate = Date.now() - t;
		timings.total = Date.now() - t0;
		process.stderr.write(
			`[e2e ${name}] ready: ${Object.entries(timings)
				.map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
				.join(', ')}\n`,
		);
		return new E2E({ ...ctx, timings });
	} catch (err) {
		if (n8n) await n8n.dispose().catch(() => {});
		await sim.close().catch(() => {});
		throw err;
	}
}

class E2E {
	constructor({ sim, n8n, DEFAULTS, workflows, timings }) {
		this.sim = sim;
		this.n8n = n8n;
		this.DEFAULTS = DEFAULTS;
		this.workflows = new Map(workflows.map((w) => [w.id, w]));
		this.timings = timings;
	}

	/**
	 * The production URL of a trigger node (not the Webhook node): n8n serves it at
	 * /webhook/<webhookId>/<the node's webhook path>.
	 */
	triggerUrl(workflowId, nodeType, webhookPath = 'webhook') {
		const wf = this.workflows.get(workflowId);
		const node = wf && wf.nodes.find((n) => n.type === nodeType);
		if (!node) throw new Error(`workflow ${workflowId} has no ${nodeType} node`);
		return this.n8n.webhookUrl(`${node.webhookId}/${webhookPath}`);
	}

	/** Ids of the executions a workflow has so far. */
	async executionIds(workflowId) {
		return (await this.n8n.listExecutions(workflowId, { limit: 100 })).map((e) => e.id);
	}

	/** The path of the first Webhook node of a fixture. */
	webhookPath(workflowId) {
		const wf = this.workflows.get(workflowId);
		if (!wf) throw new Error(`workflow ${workflowId} was not imported`);
		const hook = wf.nodes.find((n) => n.type === 'n8n-nodes-base.webhook');
		if (!hook) throw new Error(`workflow ${workflowId} has no Webhook node`);
		return hook.parameters.path;
	}

	/**
	 * Run a webhook-started fixture with `items` (the Webhook → Split Out pattern) and return the
	 * finished execution, decoded, with helpers. Asserts nothing about success: callers do.
	 */
	async run(workflowId, items, { timeoutMs = 60000 } = {}) {
		const before = (await this.n8n.listExecutions(workflowId, { limit: 50 })).map((e) => e.id);
		const res = await rt.httpRequest('POST', this.n8n.webhookUrl(this.webhookPath(workflowId)), {
			body: { items },
			timeoutMs,
		});
		const responseText = res.text;
		const [execution] = await this.n8n.waitForExecutions(workflowId, {
			after: before,
			count: 1,
			timeoutMs,
		});
		return new Run(execution, { status: res.status, text: responseText });
	}

	async close() {
		await this.n8n.dispose().catch(() => {});
		await this.sim.close().catch(() => {});
	}
}

/** A finished execution with accessors for node outputs. */
class Run {
	constructor(execution, response) {
		this.execution = execution;
		this.response = response;
		this.status = execution.status;
		this.resultData = (execution.data && execution.data.resultData) || {};
		this.runData = this.resultData.runData || {};
	}

	/** The error that stopped the workflow, if any. */
	get error() {
		return this.resultData.error;
	}

	/** The items (json + pairedItem) of a node's first run, main output `output`. */
	items(nodeName, output = 0) {
		const runs = this.runData[nodeName];
		if (!runs || !runs.length) {
			throw new Error(
				`node "${nodeName}" did not run (status ${this.status}; ran: ${Object.keys(this.runData).join(', ')}; error: ${
					this.error ? this.error.message : 'none'
				})`,
			);
		}
		const r = runs[0];
		if (r.error) throw new Error(`node "${nodeName}" failed: ${r.error.message}`);
		return ((r.data && r.data.main && r.data.main[output]) || []).map((i) => ({
			json: i.json,
			pairedItem: i.pairedItem,
		}));
	}

	json(nodeName) {
		return this.items(nodeName).map((i) => i.json);
	}

	/** The error a node stopped with (its run's error), or undefined. */
	nodeError(nodeName) {
		const runs = this.runData[nodeName];
		return runs && runs[0] && runs[0].error;
	}
}

/**
 * Saves a workflow the way the editor does (REST): creates it when it has no id, else updates
 * it (with the stored versionId, which n8n checks). Resolves the stored workflow.
 */
async function saveWorkflow(n8n, workflow) {
	// n8n 1.x stores `active` as sent (its editor sends false); 2.x publishes separately.
	if (!workflow.id)
		return n8n.restOk(
			'POST',
			'/rest/workflows',
			n8n.isN8n1 ? { active: false, ...workflow } : workflow,
		);
	const stored = await n8n.restOk('GET', `/rest/workflows/${workflow.id}`);
	return n8n.restOk('PATCH', `/rest/workflows/${workflow.id}`, {
		...workflow,
		versionId: stored.versionId,
	});
}

/**
 * What the editor's "Execute step" button does on `nodeName`: a partial manual run that reuses
 * the run data of `previous` (an earlier execution of the same workflow, decoded) for the nodes
 * before it, so they do not run again. Resolves the new execution, decoded.
 */
async function executeStep(n8n, workflowId, nodeName, previous, { timeoutMs = 120000 } = {}) {
	const body = {
		runData: previous.data.resultData.runData,
		destinationNode: { nodeName, mode: 'inclusive' },
		dirtyNodeNames: [],
	};
	// n8n 1.x runs the workflow the editor sends; 2.x the saved one.
	if (n8n.isN8n1) body.workflowData = await n8n.restOk('GET', `/rest/workflows/${workflowId}`);
	const before = (await n8n.listExecutions(workflowId, { limit: 100 })).map((e) => e.id);
	const started = await n8n.restOk('POST', `/rest/workflows/${workflowId}/run`, body);
	if (!started || !started.executionId)
		throw new Error(`Execute step on "${nodeName}" started nothing: ${JSON.stringify(started)}`);
	const [execution] = await n8n.waitForExecutions(workflowId, {
		after: before,
		count: 1,
		timeoutMs,
	});
	return execution;
}

/** The input item index an output item is paired to. */
function pairedIndex(item) {
	const p = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
	if (p === undefined || p === null) return undefined;
	return typeof p === 'number' ? p : p.item;
}

module.exports = {
	SETUP_TIMEOUT_MS,
	N8N_MAJOR,
	CRED,
	BITEL_HOOK_TOKEN,
	hasNode,
	hasCredential,
	requirePackageNodes,
	PACKAGE_NODES,
	loadWorkflow,
	simulatorCredentials,
	startE2E,
	saveWorkflow,
	executeStep,
	E2E,
	Run,
	pairedIndex,
	rt,
};
