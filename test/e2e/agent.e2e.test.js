'use strict';
/**
 * Our nodes as tools of n8n's AI Agent, in a real n8n: Webhook → Split Out → AI Agent, with an
 * OpenAI Chat Model whose credential's Base URL points at a scripted model server on 127.0.0.1
 * (model-server.js) and one of our nodes attached as the agent's tool (`n8n-nodes-bitel.bitelTool`,
 * `n8n-nodes-bitel.besTool`), its values left to the model with `$fromAI`. The simulator must
 * receive what the model chose, and the agent's answer must carry what the tool returned.
 *
 * What the agent sent the model (the tool's name, description and JSON schema) is saved to
 * test-artifacts/agent/ for review.
 */
const fs = require('node:fs');
const path = require('node:path');
const { startE2E, requirePackageNodes, CRED, SETUP_TIMEOUT_MS, rt } = require('../../tools/harness');
const { startScriptedModel, MODEL_ID } = require('../../tools/model-server');

jest.setTimeout(180000);

requirePackageNodes();

const OPENAI_CRED = { id: 'e2eOpenAiCred001', name: 'Scripted model (e2e)', type: 'openAiApi' };
const ARTIFACTS = path.join(rt.artifactsDir(), 'agent');

/**
 * A webhook-started agent workflow with one of our nodes as its only tool. Built here rather than
 * kept as three near-identical fixture files: only the tool differs.
 */
function agentWorkflow({ id, hookPath, tool }) {
	const node = (suffix, rest) => ({ id: `${id}-0000-4000-8000-00000000000${suffix}`, ...rest });
	return {
		id,
		name: `E2E agent: ${tool.name}`,
		nodes: [
			node(1, {
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: `${id}-0000-4000-8000-0000000000aa`,
				parameters: {
					httpMethod: 'POST',
					path: hookPath,
					responseMode: 'lastNode',
					responseData: 'allEntries',
					options: {},
				},
			}),
			node(2, {
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.items', options: {} },
			}),
			node(3, {
				name: 'AI Agent',
				type: '@n8n/n8n-nodes-langchain.agent',
				typeVersion: 3,
				position: [440, 0],
				parameters: { promptType: 'define', text: '={{ $json.prompt }}', options: {} },
			}),
			node(4, {
				name: 'OpenAI Chat Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				// 1.2 calls chat completions; 1.3 defaults to OpenAI's Responses API.
				typeVersion: 1.2,
				position: [380, 220],
				parameters: {
					model: { __rl: true, mode: 'list', value: MODEL_ID },
					options: {},
				},
				credentials: { openAiApi: { id: OPENAI_CRED.id, name: OPENAI_CRED.name } },
			}),
			node(5, { position: [560, 220], typeVersion: 1, ...tool }),
		],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': {
				ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]],
			},
			[tool.name]: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
		active: false,
	};
}

/** `$fromAI` as the editor's "let the model define this parameter" writes it, with a description. */
const fromAI = (key, description) => `={{ $fromAI('${key}', \`${description}\`, 'string') }}`;

const bitelCredential = { bitelApi: { id: CRED.bitel.id, name: CRED.bitel.name } };

const WORKFLOWS = {
	otp: agentWorkflow({
		id: 'e2eAgentBitelOtp',
		hookPath: 'e2e-agent-bitel-otp',
		tool: {
			name: 'Bitel OTP call',
			type: 'n8n-nodes-bitel.bitelTool',
			parameters: {
				resource: 'call',
				operation: 'otp',
				phoneNumber: fromAI('phoneNumber', 'Iranian phone number to call, e.g. 09121234567'),
				code: fromAI('code', 'The verification code to read out: 1 to 5 digits, e.g. 4821'),
				options: {},
			},
			credentials: bitelCredential,
		},
	}),
	status: agentWorkflow({
		id: 'e2eAgentBitelSts',
		hookPath: 'e2e-agent-bitel-status',
		tool: {
			name: 'Bitel call status',
			type: 'n8n-nodes-bitel.bitelTool',
			parameters: {
				resource: 'call',
				operation: 'status',
				callId: fromAI('callId', 'The call ID a Bitel call returned: 32 hexadecimal characters'),
				options: {},
			},
			credentials: bitelCredential,
		},
	}),
	besCreate: agentWorkflow({
		id: 'e2eAgentBesCreat',
		hookPath: 'e2e-agent-bes-create',
		tool: {
			name: 'BES voice notification',
			type: 'n8n-nodes-bitel.besTool',
			parameters: {
				resource: 'voiceNotification',
				operation: 'create',
				called: fromAI('called', 'The number to call, digits only, e.g. 88880000'),
				playList: { entry: [{ source: 'voiceId', value: '1201763136043459597' }] },
				options: {},
			},
			credentials: { besApi: { id: CRED.bes.id, name: CRED.bes.name } },
		},
	}),
};

describe('our nodes as tools of the AI Agent in a real n8n', () => {
	let e2e;
	let model;

	beforeAll(async () => {
		model = await startScriptedModel();
		e2e = await startE2E({
			name: 'agent',
			workflows: Object.values(WORKFLOWS),
			activate: Object.values(WORKFLOWS).map((w) => w.id),
			simulator: { bitel: { finalAfterMs: 1500 } },
			beforeStart: async ({ n8n }) => {
				await n8n.importCredentials([
					{ ...OPENAI_CRED, data: { apiKey: 'sk-scripted-e2e', url: model.baseUrl } },
				]);
			},
		});
		fs.mkdirSync(ARTIFACTS, { recursive: true });
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (e2e) await e2e.close();
		if (model) await model.close();
	});

	beforeEach(() => {
		if (e2e) e2e.sim.clearLog();
	});

	/** The ID the simulator gave the call it placed to `phoneNumber`. */
	function callIdFor(phoneNumber) {
		const calls = [...e2e.sim.bitel.calls.values()].filter((c) => c.phoneNumber === phoneNumber);
		expect(calls).toHaveLength(1);
		return calls[0].id;
	}

	/** Run the agent with the scripted tool call; returns its answer, the tool's output, the log. */
	async function askAgent(label, workflowId, toolName, args, prompt) {
		model.scriptToolCall(args);
		const run = await e2e.run(workflowId, [{ prompt }]);
		const requests = model.requests.filter((r) => r.path.startsWith('/v1/chat/completions'));
		fs.writeFileSync(
			path.join(ARTIFACTS, `${label}.model-requests.json`),
			`${JSON.stringify(requests, null, 2)}\n`,
		);
		expect({ status: run.status, error: run.error && run.error.message }).toEqual({
			status: 'success',
			error: undefined,
		});
		const [answer] = run.json('AI Agent');
		const toolRuns = run.runData[toolName] || [];
		const toolOutput = toolRuns.map((r) => r.data && r.data.ai_tool && r.data.ai_tool[0]);
		const [first] = requests;
		const offered = first.body.tools.map((t) => t.function);
		return { answer: answer.output, toolOutput, requests, offered };
	}

	test('Bitel OTP: the simulator receives the number and code the model chose; the answer carries the call ID', async () => {
		const args = { phoneNumber: '09121234563', code: '4821' };
		const { answer, requests, offered } = await askAgent(
			'bitel-otp',
			'e2eAgentBitelOtp',
			'Bitel OTP call',
			args,
			'Call 0912 123 4563 and read the code 4821 to them.',
		);
		// What the model saw: our tool, with the two $fromAI values as required string parameters.
		expect(offered).toHaveLength(1);
		expect(offered[0].name).toBe('Bitel_OTP_call');
		// n8n's automatic tool description: the operation's action and the node's name.
		expect(offered[0].description).toBe('Make OTP call in Bitel');
		expect(offered[0].parameters).toMatchObject({
			type: 'object',
			properties: { phoneNumber: { type: 'string' }, code: { type: 'string' } },
			required: expect.arrayContaining(['phoneNumber', 'code']),
		});
		expect(requests).toHaveLength(2);

		const calls = e2e.sim.requests({ provider: 'bitel' });
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({
			method: 'POST',
			path: '/api/v2/voice/otp',
			body: { phoneNumber: '09121234563', text: '4821' },
		});
		const callId = callIdFor('09121234563');
		expect(callId).toMatch(/^[0-9a-f]{32}$/);
		// The tool's result reached the model, and the model's answer quotes it.
		expect(JSON.stringify(requests[1].body.messages)).toContain(callId);
		expect(answer).toContain(callId);
	});

	test('Bitel Get Status: the model asks for the call ID it chose; the answer carries the status', async () => {
		const placed = await askAgent(
			'bitel-status-1-otp',
			'e2eAgentBitelOtp',
			'Bitel OTP call',
			{ phoneNumber: '09121234564', code: '12345' },
			'Call 09121234564 with the code 12345.',
		);
		const callId = callIdFor('09121234564');
		expect(placed.answer).toContain(callId);
		e2e.sim.clearLog();

		const { answer, offered } = await askAgent(
			'bitel-status-2-status',
			'e2eAgentBitelSts',
			'Bitel call status',
			{ callId },
			`What is the status of call ${callId}?`,
		);
		expect(offered[0].name).toBe('Bitel_call_status');
		expect(Object.keys(offered[0].parameters.properties)).toEqual(['callId']);
		const reqs = e2e.sim.requests({ provider: 'bitel' });
		expect(reqs).toHaveLength(1);
		expect(reqs[0]).toMatchObject({ method: 'GET', path: `/api/v2/voice/status/${callId}` });
		expect(answer).toContain(callId);
		expect(answer).toContain('09121234564');
		expect(answer).toMatch(/"status":"[A-Z_]+"/);
	});

	test('BES Create: the simulator receives the number the model chose; the answer carries the call serial number', async () => {
		const { answer, offered } = await askAgent(
			'bes-create',
			'e2eAgentBesCreat',
			'BES voice notification',
			{ called: '88885001' },
			'Send the gate notification to 88885001.',
		);
		expect(offered[0].name).toBe('BES_voice_notification');
		expect(Object.keys(offered[0].parameters.properties)).toEqual(['called']);
		const creates = e2e.sim
			.requests({ provider: 'bes' })
			.filter((r) => r.method === 'POST' && r.body && r.body.called);
		expect(creates).toHaveLength(1);
		expect(creates[0].body).toMatchObject({
			called: '88885001',
			playList: [{ voiceId: '1201763136043459597' }],
		});
		const serial = [...e2e.sim.bes.notifications.values()].find(
			(n) => n.called === '88885001',
		).callSerialNo;
		expect(serial).toMatch(/^\d+$/);
		expect(answer).toContain(serial);
	});
});
