'use strict';
/**
 * The example workflows in examples/ (what the README points users to, and what `npm start`
 * imports) run in a real n8n against the simulator: their manual parts the way the editor's
 * "Execute workflow" button runs them (REST manual run), their trigger parts through their
 * production URLs once published.
 */
const { startE2E, requirePackageNodes, SETUP_TIMEOUT_MS, rt } = require('../../tools/harness');
const { loadExamples, simulatorExampleCredentials } = require('../../scripts/examples');

// Real n8n runs: generous per-test time even under a config without a testTimeout.
jest.setTimeout(120000);

const HOOK_TOKEN = 'examples-hook-token-0123456789';
const MANUAL = 'When clicking ‘Execute workflow’';
requirePackageNodes();

/** Output items (json) of a node's first run in a decoded execution. */
function outputOf(execution, nodeName, output = 0) {
	const runs = execution.data.resultData.runData[nodeName];
	if (!runs)
		throw new Error(
			`"${nodeName}" did not run: ${JSON.stringify(execution.data.resultData).slice(0, 2000)}`,
		);
	return ((runs[0].data && runs[0].data.main[output]) || []).map((i) => i.json);
}

describe('example workflows in a real n8n', () => {
	let e2e;
	let examples;

	beforeAll(async () => {
		e2e = await startE2E({
			name: 'examples',
			// Bitel calls end after 2 s; BES notifications only when a test settles them.
			simulator: {
				bitel: { finalAfterMs: 2000, strictTypes: true },
				bes: { finishAfterMs: 10 * 60 * 1000 },
			},
			beforeStart: async ({ n8n, sim, DEFAULTS }) => {
				examples = loadExamples({ baseUrl: n8n.baseUrl });
				await n8n.importCredentials(simulatorExampleCredentials(sim.url, DEFAULTS, HOOK_TOKEN));
				await n8n.importWorkflows(examples.map((e) => e.workflow));
			},
		});
		for (const ex of examples.filter((e) => e.published)) await e2e.n8n.activateWorkflow(ex.id);
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (e2e) await e2e.close();
	});

	beforeEach(() => {
		if (e2e) e2e.sim.clearLog();
	});

	const byFile = (name) => {
		const ex = examples.find((e) => e.file.endsWith(name));
		if (!ex) throw new Error(`examples/${name} is missing`);
		return ex;
	};

	test('every example starts from a manual trigger or a Webhook, and uses only credentials that `npm start` creates', () => {
		expect(examples.length).toBeGreaterThanOrEqual(5);
		for (const ex of examples) {
			expect({ file: ex.file, startable: ex.manual || ex.webhooks.length > 0 }).toEqual({
				file: ex.file,
				startable: true,
			});
			for (const node of ex.workflow.nodes)
				for (const ref of Object.values(node.credentials || {})) expect(ref.id).toBeTruthy();
		}
	});

	test('bitel-otp-call.json reads the code to the number', async () => {
		const run = await e2e.n8n.runManually(byFile('bitel-otp-call.json').id, MANUAL);
		expect(run.status).toBe('success');
		expect(run.mode).toBe('manual');
		const [out] = outputOf(run, 'Bitel: read the code');
		expect(out).toMatchObject({ phoneNumber: '09121234567', status: 'WAITING' });
		const reqs = e2e.sim.requests({ provider: 'bitel' });
		expect(reqs.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v2/voice/otp']);
		expect(reqs[0].body).toMatchObject({
			phoneNumber: '09121234567',
			text: '4821',
			repeatCount: '2',
		});
	});

	test('bitel-batch-call-then-status.json calls everyone and waits until every call has ended', async () => {
		const run = await e2e.n8n.runManually(byFile('bitel-batch-call-then-status.json').id, MANUAL, {
			timeoutMs: 180000,
		});
		expect(run.status).toBe('success');
		expect(outputOf(run, 'Bitel: call everyone')).toHaveLength(4);
		const statuses = outputOf(run, 'Bitel: wait for the statuses');
		expect(statuses).toHaveLength(4);
		for (const s of statuses) expect(s.status).not.toBe('WAITING');
		// The simulator's outcome by last digit: 0 and 1 answer, 7 does not, 8 is busy.
		expect(
			outputOf(run, 'Answered?', 0)
				.map((j) => j.phoneNumber)
				.sort(),
		).toEqual(['09121234560', '09351234561']);
		expect(
			outputOf(run, 'Answered?', 1)
				.map((j) => j.phoneNumber)
				.sort(),
		).toEqual(['09121234568', '09191234567']);
	}, 240000);

	test('bes-voice-notification.json: the notification is created, and its signed release event runs the BES Trigger half', async () => {
		const ex = byFile('bes-voice-notification.json');
		const run = await e2e.n8n.runManually(ex.id, MANUAL);
		expect(run.status).toBe('success');
		const [created] = outputOf(run, 'BES: notify');
		expect(created.callSerialNo).toMatch(/^\d+$/);
		expect(created.callBackUrl).toBe(e2e.n8n.webhookUrl(`${ex.triggers[0].webhookId}/webhook`));
		const before = await e2e.executionIds(ex.id);
		await e2e.sim.bes.settleAll();
		expect(e2e.sim.outbound.map((o) => o.status)).toEqual([200]);
		const [hooked] = await e2e.n8n.waitForExecutions(ex.id, {
			after: before,
			count: 1,
			timeoutMs: 30000,
		});
		expect(hooked.status).toBe('success');
		const rd = hooked.data.resultData.runData;
		expect(rd['BES Trigger'][0].data.main[0][0].json).toMatchObject({
			callSerialNo: created.callSerialNo,
			completed: true,
		});
		expect(rd['Played to the end']).toBeDefined();
	});

	test('bitel-batch-with-answers.json: each call’s webhook lands in its Bitel Trigger half', async () => {
		const ex = byFile('bitel-batch-with-answers.json');
		const hook = ex.triggers.find((t) => t.type === 'n8n-nodes-bitel.bitelTrigger');
		const { sim } = e2e;
		sim.bitel.setWebhookUrl(null);
		await sim.bitel.settleAll();
		// Like pasting the trigger's URL with its token into the Bitel panel.
		sim.bitel.setWebhookUrl(
			`${e2e.n8n.webhookUrl(`${hook.webhookId}/webhook`)}?token=${HOOK_TOKEN}`,
		);
		try {
			const run = await e2e.n8n.runManually(ex.id, MANUAL);
			expect(run.status).toBe('success');
			const calls = outputOf(run, 'Bitel: call everyone');
			expect(calls).toHaveLength(3);
			const before = await e2e.executionIds(ex.id);
			sim.clearLog();
			await sim.bitel.settleAll();
			expect(sim.outbound.map((o) => o.status)).toEqual([200, 200, 200]);
			const runs = await e2e.n8n.waitForExecutions(ex.id, {
				after: before,
				count: 3,
				timeoutMs: 30000,
			});
			const got = runs.map(
				(r) => r.data.resultData.runData['Bitel Trigger'][0].data.main[0][0].json,
			);
			expect(got.map((j) => j.requestId).sort()).toEqual(calls.map((c) => c.id).sort());
			for (const r of runs) expect(r.status).toBe('success');
		} finally {
			sim.bitel.setWebhookUrl(null);
		}
	});

	describe('bitel-verification-call-with-sms-fallback.json', () => {
		const FILE = 'bitel-verification-call-with-sms-fallback.json';

		/** Waits (bounded) until `check()` is truthy, and returns it. */
		async function eventually(what, check, timeoutMs = 90000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const value = await check();
				if (value) return value;
				if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
				await new Promise((resolve) => setTimeout(resolve, 250));
			}
		}

		/**
		 * What an app does: POST the number, get the resume URL at once, then (once the user has
		 * heard or read the code) POST what the user typed to it. Returns the finished execution and
		 * what Bitel received.
		 */
		async function verify(phoneNumber, typedCode) {
			const ex = byFile(FILE);
			const [hook] = ex.webhooks;
			const before = await e2e.executionIds(ex.id);
			const res = await rt.httpRequest('POST', e2e.n8n.webhookUrl(hook.path), {
				body: { phoneNumber },
				timeoutMs: 60000,
			});
			expect(res.status).toBe(200);
			const { resumeUrl } = JSON.parse(res.text);
			expect(resumeUrl).toMatch(/\/webhook-waiting\/\d+/);
			// The execution waits at "Wait for the code" once the call (and any SMS) is done.
			const waiting = await eventually('the execution to wait for the code', async () =>
				(await e2e.n8n.listExecutions(ex.id, { limit: 50 })).find(
					(e) => !before.includes(e.id) && e.status === 'waiting',
				),
			);
			const requests = e2e.sim.requests({ provider: 'bitel' });
			const call = requests.find((r) => r.path === '/api/v2/voice/otp');
			const sms = requests.find((r) => r.path === '/api/v2/sms/otp');
			const { pathname, search } = new URL(resumeUrl);
			expect(pathname).toBe(`/webhook-waiting/${waiting.id}`);
			const code = typedCode === undefined ? call.body.text : typedCode;
			const resumed = await rt.httpRequest('POST', `${e2e.n8n.baseUrl}${pathname}${search}`, {
				body: { code },
				timeoutMs: 60000,
			});
			expect(resumed.status).toBe(200);
			const [done] = await e2e.n8n.waitForExecutions(ex.id, {
				after: before,
				count: 1,
				timeoutMs: 60000,
			});
			return { done, call, sms, requests };
		}

		test('a call not answered falls back to an SMS with the same code; the right code is verified', async () => {
			// The simulator leaves numbers ending in 7 unanswered.
			const { done, call, sms, requests } = await verify('09121234567');
			expect(done.status).toBe('success');
			expect(call.body).toMatchObject({
				phoneNumber: '09121234567',
				text: expect.stringMatching(/^\d{5}$/),
			});
			expect(sms).toBeDefined();
			expect(sms.body).toEqual({
				phoneNumber: '09121234567',
				appName: 'My Shop',
				code: call.body.text,
			});
			expect(requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f]{32}$/, ':id')}`)).toEqual(
				expect.arrayContaining([
					'POST /api/v2/voice/otp',
					'GET /api/v2/voice/status/:id',
					'POST /api/v2/sms/otp',
				]),
			);
			expect(outputOf(done, 'Bitel: wait for the call')[0]).toMatchObject({
				answered: false,
				final: true,
			});
			expect(outputOf(done, 'Bitel: send the code by SMS')[0]).toMatchObject({
				code: call.body.text,
			});
			expect(outputOf(done, 'Verified')).toHaveLength(1);
			expect(done.data.resultData.runData['Wrong code']).toBeUndefined();
		}, 180000);

		test('a call not answered, then a wrong code: the SMS is sent and the code does not match', async () => {
			const { done, call, sms } = await verify('09351234567', '00000x');
			expect(done.status).toBe('success');
			expect(sms.body.code).toBe(call.body.text);
			expect(outputOf(done, 'Wrong code')).toHaveLength(1);
			expect(done.data.resultData.runData.Verified).toBeUndefined();
		}, 180000);

		test('an answered call sends no SMS; the code the user heard is verified', async () => {
			const { done, sms } = await verify('09121234560');
			expect(done.status).toBe('success');
			expect(sms).toBeUndefined();
			expect(outputOf(done, 'Bitel: wait for the call')[0]).toMatchObject({ answered: true });
			expect(done.data.resultData.runData['Bitel: send the code by SMS']).toBeUndefined();
			expect(outputOf(done, 'Verified')).toHaveLength(1);
		}, 180000);
	});
});
