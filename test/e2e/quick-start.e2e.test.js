'use strict';
/**
 * README.md's Quick start, followed step by step in a real n8n the way a user does it in the
 * editor (through the same REST calls): the same parameters, and the output the README promises.
 * The one change: the credential's Base URL points at the simulator, which stands for Bitel
 * (a call to a number ending in 7 is not answered there; it ends after 3 seconds).
 * Steps 1–5 depend on each other, so the tests run in order and share what they made.
 */
const fs = require('node:fs');
const path = require('node:path');
const {
	startE2E,
	saveWorkflow,
	executeStep,
	requirePackageNodes,
	SETUP_TIMEOUT_MS,
	rt,
} = require('../../tools/harness');

jest.setTimeout(120000);
requirePackageNodes();

const README = fs.readFileSync(path.join(rt.REPO_DIR, 'README.md'), 'utf8');
const QUICK_START = README.split('\n## Quick start\n')[1].split('\n## ')[0];
/** The README's words for step `n` (asserted below, so that the steps and the test stay one). */
const step = (n) =>
	QUICK_START.split(/\n(?=\d\. )/)
		.find((s) => s.startsWith(`${n}. `))
		.replace(/\s+/g, ' ');

const MANUAL = 'When clicking ‘Execute workflow’';
const PHONE = '09121234567';

/** The Manual Trigger as the editor adds it (its default name). */
const manualTrigger = {
	id: '0c5e1a99-0000-4000-8000-000000000000',
	name: MANUAL,
	type: 'n8n-nodes-base.manualTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/** Connections that chain the nodes in order. */
const chain = (nodes) =>
	Object.fromEntries(
		nodes
			.slice(0, -1)
			.map((n, i) => [n.name, { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] }]),
	);

/** The items a node output in an execution (its first run). */
function outputOf(execution, nodeName) {
	const runs = execution.data.resultData.runData[nodeName];
	if (!runs)
		throw new Error(
			`"${nodeName}" did not run: ${JSON.stringify(execution.data.resultData.error)}`,
		);
	if (runs[0].error) throw new Error(`"${nodeName}" failed: ${runs[0].error.message}`);
	return runs[0].data.main[0].map((item) => item.json);
}

describe('README quick start, step by step', () => {
	let e2e;
	let sim;
	let credential;
	const made = {};

	beforeAll(async () => {
		e2e = await startE2E({ name: 'quick-start', simulator: { bitel: { finalAfterMs: 3000 } } });
		sim = e2e.sim;
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (e2e) await e2e.close();
	});

	beforeEach(() => {
		if (sim) sim.clearLog();
	});

	const posts = () =>
		sim
			.requests({ provider: 'bitel' })
			.filter((r) => r.method === 'POST')
			.map((r) => ({ path: r.path, body: r.body }));

	/** A Bitel node (the newest version) with the step 1 credential, `at` places right of the trigger. */
	const bitelNode = (name, at, parameters) => ({
		id: `0c5e1a99-0000-4000-8000-00000000000${at}`,
		name,
		type: 'n8n-nodes-bitel.bitel',
		typeVersion: 1.1,
		position: [220 * at, 0],
		parameters,
		credentials: { bitelApi: { id: credential.id, name: credential.name } },
	});

	/** A new workflow, Manual Trigger → `first`, saved and run with Execute workflow. */
	async function executeNewWorkflow(name, first) {
		const nodes = [manualTrigger, first];
		const workflow = await saveWorkflow(e2e.n8n, {
			name,
			nodes,
			connections: chain(nodes),
			settings: { executionOrder: 'v1' },
			pinData: {},
		});
		const run = await e2e.n8n.runManually(workflow.id, MANUAL);
		expect(run.status).toBe('success');
		return { workflow, run };
	}

	/** `added` put after the workflow's second node (replacing an earlier one), then Execute step on it. */
	async function executeAddedStep({ workflow, run }, added) {
		const nodes = [...workflow.nodes.slice(0, 2), added];
		const saved = await saveWorkflow(e2e.n8n, { ...workflow, nodes, connections: chain(nodes) });
		const step = await executeStep(e2e.n8n, saved.id, added.name, run);
		expect(step.status).toBe('success');
		return outputOf(step, added.name);
	}

	test('1. Credential: a Bitel API credential with the API token; saving runs its test, which calls nobody', async () => {
		expect(step(1)).toMatch(
			/add a \*\*Bitel API\*\* credential and paste the token into \*\*API Token\*\*/,
		);
		expect(step(1)).toMatch(/it asks Bitel about a call that cannot exist, so nobody is called/);
		credential = await e2e.n8n.restOk('POST', '/rest/credentials', {
			name: 'Bitel account',
			type: 'bitelApi',
			data: { apiToken: e2e.DEFAULTS.bitel.token, baseUrl: sim.url },
		});
		const tested = await e2e.n8n.testCredential({
			id: credential.id,
			name: credential.name,
			type: 'bitelApi',
			data: { apiToken: e2e.DEFAULTS.bitel.token, baseUrl: sim.url },
		});
		expect(tested).toMatchObject({ status: 'OK' });
		const asked = sim.requests({ provider: 'bitel' });
		expect(asked.map((r) => r.method)).toEqual(['GET']);
		expect(asked[0].path).toMatch(/^\/api\/v2\/voice\/status\/\w+$/);
		expect(asked[0].responseStatus).toBe(404); // a call that does not exist
		expect(asked[0].headers.authorization).toBe(`Bearer ${e2e.DEFAULTS.bitel.token}`);
	});

	test('2. A first OTP call: Manual Trigger → Bitel Make OTP to 09121234567 with 12345; one item: id, phoneNumber, status WAITING', async () => {
		expect(step(2)).toMatch(
			/Resource \*\*Call\*\*, Operation \*\*Make OTP\*\*, \*\*Phone Number\*\* `09121234567`.*\*\*Code\*\* `12345`. Press \*\*Execute workflow\*\*/,
		);
		expect(step(2)).toMatch(
			/outputs one item: the call, with its `id` \(32 hexadecimal characters\), `phoneNumber` and `status` `WAITING`/,
		);
		made.call = await executeNewWorkflow(
			'My first OTP call',
			bitelNode('Bitel', 1, {
				resource: 'call',
				operation: 'otp',
				phoneNumber: PHONE,
				code: '12345',
			}),
		);
		const items = outputOf(made.call.run, 'Bitel');
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({
			id: expect.stringMatching(/^[0-9a-f]{32}$/),
			phoneNumber: PHONE,
			status: 'WAITING',
		});
		// "Your phone rings and a voice reads the code."
		expect(posts()).toEqual([
			{ path: '/api/v2/voice/otp', body: { phoneNumber: PHONE, text: '12345' } },
		]);
		expect(sim.codesHeard(PHONE)).toEqual([
			expect.objectContaining({ channel: 'call', code: '12345' }),
		]);
	});

	test('3. Was it answered? Get Status with Call ID {{ $json.id }} and Wait for Final Status, run with Execute step: final true and answered', async () => {
		expect(step(3)).toMatch(
			/\*\*Call ID\*\* `\{\{ \$json\.id \}\}` and \*\*Wait for Final Status\*\* on/,
		);
		expect(step(3)).toMatch(/Press \*\*Execute step\*\* on it/);
		expect(step(3)).toMatch(/outputs `final: true` and `answered`/);
		const [final] = await executeAddedStep(
			made.call,
			bitelNode('Get Status', 2, {
				resource: 'call',
				operation: 'status',
				callId: '={{ $json.id }}',
				waitForFinal: true,
			}),
		);
		const [call] = outputOf(made.call.run, 'Bitel');
		// The simulator does not answer numbers ending in 7: a call nobody picked up.
		expect(final).toMatchObject({ id: call.id, final: true, answered: false, status: 'NO_ANSWER' });
		expect(posts()).toEqual([]); // the call was not placed again
		expect(
			sim
				.requests({ provider: 'bitel' })
				.every((r) => r.path === `/api/v2/voice/status/${call.id}`),
		).toBe(true);
	});

	test('4. A first verification: Send Code by Voice Call with Fallback to SMS and App Name MyApp; a 5-digit code is read, then comes by SMS; the output never has the code', async () => {
		expect(step(4)).toMatch(
			/\*\*Bitel → Verification → Send Code\*\*: \*\*Phone Number\*\* your number, \*\*Channel\*\* Voice Call, \*\*Fallback to SMS\*\* on, \*\*App Name\*\* `MyApp`/,
		);
		expect(step(4)).toMatch(
			/The output has `verificationId`, `token`, `expiresAt` and `channel`, never the code/,
		);
		made.verify = await executeNewWorkflow(
			'My first verification',
			bitelNode('Send Code', 1, {
				resource: 'verification',
				operation: 'send',
				phoneNumber: PHONE,
				channel: 'call',
				fallbackToSms: true,
				appName: 'MyApp',
			}),
		);
		const [out] = outputOf(made.verify.run, 'Send Code');
		expect(out).toMatchObject({
			verificationId: expect.stringMatching(/^[0-9a-f]{32}$/),
			token: expect.stringMatching(/^bv1\./),
			expiresAt: expect.any(String),
			channel: 'sms', // nobody answered the call: the code went by SMS last
		});
		const heard = sim.codesHeard(PHONE).slice(-2);
		expect(heard.map((h) => h.channel)).toEqual(['call', 'sms']);
		expect(heard[0].code).toMatch(/^\d{5}$/);
		expect(heard[1].code).toBe(heard[0].code);
		expect(out).not.toHaveProperty('code');
		expect(JSON.stringify(out)).not.toContain(heard[0].code);
		expect(posts()).toEqual([
			{ path: '/api/v2/voice/otp', body: { phoneNumber: PHONE, text: heard[0].code } },
			{
				path: '/api/v2/sms/otp',
				body: { phoneNumber: PHONE, appName: 'MyApp', code: heard[0].code },
			},
		]);
		made.code = heard[0].code;
	});

	test('5. Check the code: Check Code with Token {{ $json.token }}, run with Execute step (no second code): a wrong code is wrongCode with attemptsLeft 4, the heard code approved', async () => {
		expect(step(5)).toMatch(
			/\*\*Token\*\* `\{\{ \$json\.token \}\}`, \*\*Code\*\* the digits you heard/,
		);
		expect(step(5)).toMatch(/Press \*\*Execute step\*\* on Check Code/);
		expect(step(5)).toMatch(/`approved: true` with `status` `approved`/);
		expect(step(5)).toMatch(
			/A wrong code gives `approved: false`, `status` `wrongCode` and `attemptsLeft: 4`/,
		);
		const checkWith = async (code) =>
			(
				await executeAddedStep(
					made.verify,
					bitelNode('Check Code', 2, {
						resource: 'verification',
						operation: 'check',
						token: '={{ $json.token }}',
						code,
					}),
				)
			)[0];
		const wrong = made.code === '00000' ? '11111' : '00000';
		expect(await checkWith(wrong)).toMatchObject({
			approved: false,
			status: 'wrongCode',
			attemptsLeft: 4,
		});
		expect(await checkWith(made.code)).toMatchObject({ approved: true, status: 'approved' });
		expect(sim.requests({ provider: 'bitel' })).toEqual([]); // no second code was sent
	});
});
