'use strict';
/**
 * The workflows the benchmark imports into n8n: our nodes, and what a user would build with
 * n8n's own nodes instead. Each starts at a Webhook whose body is `{ items: [...] }`; a Split
 * Out turns that into one item per entry, so the node under test receives N items, as it
 * would from a sheet or a database. The Webhook answers at once (`onReceived`); the
 * benchmark reads the finished execution through n8n's REST API.
 */

const VOICE_ID = '08e815cbcd724386805103ac0d45e4c2'; // the simulator's default voice
const BES_VOICE_ID = '1201763136043459597';

/** Credential ids (16 characters, like n8n's own). */
const CRED = {
	bitel: { id: 'benchBitelCred01', name: 'Bitel (bench)', type: 'bitelApi' },
	header: { id: 'benchHeaderCred1', name: 'Bitel token header (bench)', type: 'httpHeaderAuth' },
	bes: (index) => ({
		id: `benchBesCred${String(index).padStart(4, '0')}`,
		name: `BES (bench ${index})`,
		type: 'besApi',
	}),
};

/** Node names the benchmark reads run data of. */
const NODE = {
	bitel: 'Bitel',
	bes: 'BES',
	http: 'HTTP Request',
	loop: 'Loop Over Items',
	final: 'Final?',
	wait: 'Wait',
	set: 'Edit Fields',
};

let uuidCounter = 0;
/** Deterministic UUID-shaped ids: stable fixtures, no randomness. */
function uuid() {
	uuidCounter += 1;
	return `be0c0000-0000-4000-8000-${String(uuidCounter).padStart(12, '0')}`;
}

function webhookNode(path) {
	return {
		id: uuid(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: uuid(),
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	};
}

function splitOutNode() {
	return {
		id: uuid(),
		name: 'Split Out',
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		position: [220, 0],
		parameters: { fieldToSplitOut: 'body.items', options: {} },
	};
}

const credentialRef = (cred) => ({ [cred.type]: { id: cred.id, name: cred.name } });

/** Webhook → Split Out → `nodes[0]` → …, with `links` [from, to, fromOutput?] among `nodes`. */
function workflow(id, name, path, nodes, links = []) {
	const all = [webhookNode(path), splitOutNode(), ...nodes];
	const connections = {};
	const connect = (from, to, output = 0) => {
		connections[from] = connections[from] || { main: [] };
		while (connections[from].main.length <= output) connections[from].main.push([]);
		connections[from].main[output].push({ node: to, type: 'main', index: 0 });
	};
	connect('Webhook', 'Split Out');
	connect('Split Out', nodes[0].name);
	for (const [from, to, output] of links) connect(from, to, output);
	nodes.forEach((node, index) => {
		node.id = node.id || uuid();
		node.position = node.position || [440 + 220 * index, 0];
	});
	return {
		id,
		name,
		nodes: all,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

/**
 * n8n's HTTP Request node as a user sets it up against Bitel: header authentication
 * (Authorization: Bearer …) with an HTTP Header Auth credential, JSON body from an expression.
 * `batching`: undefined for the node's defaults, or { batchSize, batchInterval }.
 */
function httpRequestNode({ method, url, jsonBody, batching }) {
	const options = batching
		? {
				batching: {
					batch: { batchSize: batching.batchSize, batchInterval: batching.batchInterval },
				},
			}
		: {};
	return {
		name: NODE.http,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method,
			url,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			...(jsonBody ? { sendBody: true, specifyBody: 'json', jsonBody } : {}),
			options,
		},
		credentials: credentialRef(CRED.header),
	};
}

/** Ours: Bitel → Make Batch, one number per item. */
function bitelBatch() {
	return workflow('benchBitelBatch1', 'Bench: Bitel batch call', 'bench-bitel-batch', [
		{
			name: NODE.bitel,
			type: 'n8n-nodes-bitel.bitel',
			typeVersion: 1,
			parameters: {
				resource: 'call',
				operation: 'batch',
				phoneNumbers: '={{ $json.phone }}',
				voiceId: VOICE_ID,
				options: {},
			},
			credentials: credentialRef(CRED.bitel),
		},
	]);
}

/** Ours: Bitel → Send Personalized Batch SMS, one number and its own message per item. */
function bitelP2p() {
	return workflow('benchBitelP2pSms', 'Bench: Bitel personalized batch SMS', 'bench-bitel-p2p', [
		{
			name: NODE.bitel,
			type: 'n8n-nodes-bitel.bitel',
			typeVersion: 1,
			parameters: {
				resource: 'sms',
				operation: 'sendP2p',
				phoneNumber: '={{ $json.phone }}',
				message: '={{ $json.message }}',
				options: {},
			},
			credentials: credentialRef(CRED.bitel),
		},
	]);
}

/** Ours: Bitel → Check Code, one token and one typed code per item. */
function bitelCheckCode() {
	return workflow('benchBitelCheck1', 'Bench: Bitel Check Code', 'bench-bitel-check', [
		{
			name: NODE.bitel,
			type: 'n8n-nodes-bitel.bitel',
			typeVersion: 1,
			parameters: {
				resource: 'verification',
				operation: 'check',
				token: '={{ $json.token }}',
				code: '={{ $json.code }}',
				options: {},
			},
			credentials: credentialRef(CRED.bitel),
		},
	]);
}

/** The user's alternative for personalized SMS: HTTP Request → Bitel's single SMS, once per item. */
function httpSmsSingle(simUrl) {
	return workflow('benchHttpSmsOne1', 'Bench: HTTP Request per SMS', 'bench-http-sms', [
		httpRequestNode({
			method: 'POST',
			url: `${simUrl}/api/v2/sms/single`,
			jsonBody: '={{ JSON.stringify({ phoneNumber: $json.phone, message: $json.message }) }}',
		}),
	]);
}

/**
 * n8n's own floor for N items: Edit Fields evaluating `{{ $json.phone }}` once per item, the
 * expression every per-item workflow here evaluates (n8n 2.41 runs expressions in an isolate).
 */
function expressionFloor() {
	return workflow('benchExprFloor01', 'Bench: one expression per item', 'bench-expr-floor', [
		{
			name: NODE.set,
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			parameters: {
				assignments: {
					assignments: [{ id: uuid(), name: 'phone', value: '={{ $json.phone }}', type: 'string' }],
				},
				options: {},
			},
		},
	]);
}

/** Ours: Bitel → Make (one call per item), for the node-overhead comparison. */
function bitelSingle() {
	return workflow('benchBitelSingl1', 'Bench: Bitel single call', 'bench-bitel-single', [
		{
			name: NODE.bitel,
			type: 'n8n-nodes-bitel.bitel',
			typeVersion: 1,
			parameters: {
				resource: 'call',
				operation: 'single',
				phoneNumber: '={{ $json.phone }}',
				voiceId: VOICE_ID,
				options: {},
			},
			credentials: credentialRef(CRED.bitel),
		},
	]);
}

/** The user's alternative: HTTP Request → Bitel's single-call endpoint, once per item. */
function httpSingle(simUrl, { id, path, batching }) {
	return workflow(id, `Bench: HTTP Request per item${batching ? ' (batching)' : ''}`, path, [
		httpRequestNode({
			method: 'POST',
			url: `${simUrl}/api/v2/voice/single`,
			jsonBody: `={{ JSON.stringify({ phoneNumber: $json.phone, voiceId: '${VOICE_ID}' }) }}`,
			batching,
		}),
	]);
}

/** Ours: Bitel → Get Status with Wait for Final Status. */
function bitelStatus(pollSeconds) {
	return workflow('benchBitelStatus', 'Bench: Bitel wait for final status', 'bench-bitel-status', [
		{
			name: NODE.bitel,
			type: 'n8n-nodes-bitel.bitel',
			typeVersion: 1,
			parameters: {
				resource: 'call',
				operation: 'status',
				callId: '={{ $json.id }}',
				options: { waitForFinal: true, pollInterval: pollSeconds, timeout: 600 },
			},
			credentials: credentialRef(CRED.bitel),
		},
	]);
}

/**
 * The user's polling loop: Loop Over Items (one call at a time) → HTTP Request (status) →
 * IF the status is no longer WAITING → back to the loop; otherwise Wait `pollSeconds` →
 * HTTP Request again. It checks first and waits only when needed, as a careful user would.
 */
function loopStatus(simUrl, pollSeconds) {
	return workflow(
		'benchLoopStatus1',
		'Bench: Loop Over Items + Wait + HTTP Request status loop',
		'bench-loop-status',
		[
			{
				name: NODE.loop,
				type: 'n8n-nodes-base.splitInBatches',
				typeVersion: 3,
				parameters: { batchSize: 1, options: {} },
			},
			httpRequestNode({
				method: 'GET',
				url: `=${simUrl}/api/v2/voice/status/{{ $json.id }}`,
			}),
			{
				name: NODE.final,
				type: 'n8n-nodes-base.if',
				typeVersion: 2.2,
				parameters: {
					conditions: {
						options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
						conditions: [
							{
								id: uuid(),
								leftValue: '={{ $json.status }}',
								rightValue: 'WAITING',
								operator: { type: 'string', operation: 'notEquals' },
							},
						],
						combinator: 'and',
					},
					options: {},
				},
			},
			{
				name: NODE.wait,
				type: 'n8n-nodes-base.wait',
				typeVersion: 1.1,
				webhookId: uuid(),
				parameters: { resume: 'timeInterval', amount: pollSeconds, unit: 'seconds' },
			},
		],
		[
			[NODE.loop, NODE.http, 1], // output 1 of Loop Over Items is "loop", output 0 is "done"
			[NODE.http, NODE.final],
			[NODE.final, NODE.loop, 0], // final: next call
			[NODE.final, NODE.wait, 1], // still waiting
			[NODE.wait, NODE.http],
		],
	);
}

const besWorkflowId = (index) => `benchBesCreate${String(index).padStart(2, '0')}`;

/** Ours: BES → Create Voice Notification, one per item, with its own credential. */
function besCreate(index) {
	const cred = CRED.bes(index);
	return workflow(
		besWorkflowId(index),
		`Bench: BES voice notification ${index}`,
		`bench-bes-${index}`,
		[
			{
				name: NODE.bes,
				type: 'n8n-nodes-bitel.bes',
				typeVersion: 1,
				parameters: {
					resource: 'voiceNotification',
					operation: 'create',
					called: '={{ $json.called }}',
					playList: { entry: [{ source: 'voiceId', value: BES_VOICE_ID }] },
					options: {},
				},
				credentials: credentialRef(cred),
			},
		],
	);
}

/**
 * For the memory measurement with `n8n execute` (a fresh process per run): a Manual Trigger,
 * an Edit Fields node that holds the N input items, a Split Out, then `node` (or nothing,
 * for the baseline).
 */
function memoryWorkflow(id, items, node) {
	const nodes = [
		{
			id: uuid(),
			name: 'Manual',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: uuid(),
			name: 'Input',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: { mode: 'raw', jsonOutput: JSON.stringify({ items }), options: {} },
		},
		{
			id: uuid(),
			name: 'Split Out',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [440, 0],
			parameters: { fieldToSplitOut: 'items', options: {} },
		},
	];
	const connections = {
		Manual: { main: [[{ node: 'Input', type: 'main', index: 0 }]] },
		Input: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
	};
	if (node) {
		nodes.push({ ...node, id: uuid(), position: [660, 0] });
		connections['Split Out'] = { main: [[{ node: node.name, type: 'main', index: 0 }]] };
	}
	return {
		id,
		name: `Bench memory: ${node ? node.name : 'baseline'}`,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

/** The node under test of a webhook workflow above, for memoryWorkflow. */
function nodeOf(workflowJson) {
	return workflowJson.nodes[2];
}

/** Credentials for everything above, pointing at the simulator. */
function credentials(sim, DEFAULTS, besCount) {
	const bes = {
		baseUrl: sim.url,
		appKey: DEFAULTS.bes.appKey,
		appSecret: DEFAULTS.bes.appSecret,
		lifetimeSeconds: 3600,
	};
	return [
		{ ...CRED.bitel, data: { apiToken: DEFAULTS.bitel.token, baseUrl: sim.url } },
		{ ...CRED.header, data: { name: 'Authorization', value: `Bearer ${DEFAULTS.bitel.token}` } },
		...Array.from({ length: besCount }, (_, index) => ({ ...CRED.bes(index), data: { ...bes } })),
	];
}

module.exports = {
	NODE,
	VOICE_ID,
	bitelBatch,
	bitelSingle,
	bitelP2p,
	bitelCheckCode,
	httpSmsSingle,
	expressionFloor,
	httpSingle,
	bitelStatus,
	loopStatus,
	besCreate,
	besWorkflowId,
	memoryWorkflow,
	nodeOf,
	credentials,
};
