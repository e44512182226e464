'use strict';
/**
 * The example workflows in examples/ (what the README points users to, and what `npm start`
 * imports) run in a real n8n against the simulator: their manual parts the way the editor's
 * "Execute workflow" button runs them (REST manual run), their webhooks, forms and trigger parts
 * through their production URLs once published, and the form in Chromium.
 */
const path = require('node:path');
const { startE2E, requirePackageNodes, SETUP_TIMEOUT_MS, rt } = require('../../tools/harness');
const { launchChromium } = require('../../tools/chromium');
const {
	DEMO_API_KEY,
	loadExamples,
	simulatorExampleCredentials,
} = require('../../scripts/examples');

// Real n8n runs: generous per-test time even under a config without a testTimeout.
jest.setTimeout(120000);

const HOOK_TOKEN = 'examples-hook-token-0123456789';
const MANUAL = 'When clicking ‘Execute workflow’';
const RETRY_FILE = 'bitel-retry-not-answered.json';
requirePackageNodes();

/** Output items (json) of a node's run (the first unless told), main output `output`. */
function outputOf(execution, nodeName, output = 0, run = 0) {
	const runs = execution.data.resultData.runData[nodeName];
	if (!runs)
		throw new Error(
			`"${nodeName}" did not run: ${JSON.stringify(execution.data.resultData).slice(0, 2000)}`,
		);
	return ((runs[run].data && runs[run].data.main[output]) || []).map((i) => i.json);
}

const ran = (execution, nodeName) => (execution.data.resultData.runData[nodeName] || []).length;

/** Waits (bounded) until `check()` is truthy, and returns it. */
async function eventually(what, check, timeoutMs = 60000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

/** A request as the provider saw it: method and path, with call and SMS ids as :id. */
const line = (r) => `${r.method} ${r.path.replace(/[0-9a-f]{32}$/, ':id')}`;

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
				// The retry example waits 30 minutes between rounds; here, 1 second.
				const settings = examples
					.find((e) => e.file.endsWith(RETRY_FILE))
					.workflow.nodes.find((n) => n.name === 'Retry settings');
				settings.parameters.assignments.assignments.find(
					(a) => a.name === 'retryAfterSeconds',
				).value = 1;
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
		if (e2e) {
			e2e.sim.clearLog();
			e2e.sim.bitel.setWebhookUrl(null);
		}
	});

	const byFile = (name) => {
		const ex = examples.find((e) => e.file.endsWith(name));
		if (!ex) throw new Error(`examples/${name} is missing`);
		return ex;
	};
	const bitelRequests = () => e2e.sim.requests({ provider: 'bitel' });

	test('every example starts from a trigger a user can fire, uses only credentials that `npm start` creates, and current IF and Respond to Webhook versions', () => {
		expect(examples.map((e) => path.basename(e.file)).sort()).toEqual([
			'bes-voice-notification.json',
			'bitel-batch-call-then-status.json',
			'bitel-batch-with-answers.json',
			'bitel-otp-call.json',
			'bitel-reminder-call-sms.json',
			'bitel-retry-not-answered.json',
			'bitel-verification-api.json',
			'bitel-verification-form.json',
		]);
		for (const ex of examples) {
			const startable = ex.manual || ex.scheduled || ex.webhooks.length + ex.forms.length > 0;
			expect({ file: ex.file, startable }).toEqual({ file: ex.file, startable: true });
			for (const node of ex.workflow.nodes) {
				for (const ref of Object.values(node.credentials || {})) expect(ref.id).toBeTruthy();
				const version = { file: ex.file, node: node.name, typeVersion: node.typeVersion };
				if (node.type === 'n8n-nodes-base.if') expect(version).toMatchObject({ typeVersion: 2.3 });
				if (node.type === 'n8n-nodes-base.respondToWebhook')
					expect(version).toMatchObject({ typeVersion: 1.5 });
				if (['n8n-nodes-bitel.bitel', 'n8n-nodes-bitel.bes'].includes(node.type))
					expect(version).toMatchObject({ typeVersion: 1.1 });
			}
		}
	});

	test('bitel-otp-call.json reads the code to the number', async () => {
		const run = await e2e.n8n.runManually(byFile('bitel-otp-call.json').id, MANUAL);
		expect(run.status).toBe('success');
		expect(run.mode).toBe('manual');
		const [out] = outputOf(run, 'Bitel: read the code');
		expect(out).toMatchObject({ phoneNumber: '09121234567', status: 'WAITING' });
		const reqs = bitelRequests();
		expect(reqs.map(line)).toEqual(['POST /api/v2/voice/otp']);
		expect(reqs[0].body).toEqual({ phoneNumber: '09121234567', text: '4821', repeatCount: '2' });
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
		const [batch] = bitelRequests();
		expect(batch.body).toEqual({
			phoneNumbers: ['09121234560', '09351234561', '09191234567', '09121234568'],
			voiceId: '08e815cbcd724386805103ac0d45e4c2',
			retryCount: 1,
		});
	}, 240000);

	test('bes-voice-notification.json: the notification is created, and its signed release event runs the BES Trigger half', async () => {
		const ex = byFile('bes-voice-notification.json');
		const run = await e2e.n8n.runManually(ex.id, MANUAL);
		expect(run.status).toBe('success');
		const [created] = outputOf(run, 'BES: notify');
		expect(created.callSerialNo).toMatch(/^\d+$/);
		expect(created.callBackUrl).toBe(e2e.n8n.webhookUrl(`${ex.triggers[0].webhookId}/webhook`));
		const [create] = e2e.sim.requests({ provider: 'bes', path: /createVoiceNotification/ });
		expect(create.body.playList).toEqual([
			{ voiceId: '1201763136043459597' },
			{ templateId: '1226170940666061826', templateParams: ['3', 'Main gate'] },
		]);
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

	/** Like pasting a Bitel Trigger's URL with its token into the Bitel panel. */
	function pointBitelAt(ex) {
		const hook = ex.triggers.find((t) => t.type === 'n8n-nodes-bitel.bitelTrigger');
		e2e.sim.bitel.setWebhookUrl(
			`${e2e.n8n.webhookUrl(`${hook.webhookId}/webhook`)}?token=${HOOK_TOKEN}`,
		);
	}

	test('bitel-batch-with-answers.json: each call’s webhook lands in its Bitel Trigger half', async () => {
		const ex = byFile('bitel-batch-with-answers.json');
		const { sim } = e2e;
		await sim.bitel.settleAll();
		pointBitelAt(ex);
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
		const got = runs.map((r) => r.data.resultData.runData['Bitel Trigger'][0].data.main[0][0].json);
		expect(got.map((j) => j.requestId).sort()).toEqual(calls.map((c) => c.id).sort());
		for (const r of runs) {
			expect(r.status).toBe('success');
			expect(outputOf(r, 'Answered?', 1)).toHaveLength(1); // the three numbers end in 7
		}
	});

	describe('bitel-verification-api.json', () => {
		const FILE = 'bitel-verification-api.json';
		const KEY = { [DEMO_API_KEY.name]: DEMO_API_KEY.value };

		/** POSTs like the app does; resolves the status, the parsed answer and how long it took. */
		async function post(endpoint, body, headers = KEY) {
			const started = Date.now();
			const res = await rt.httpRequest('POST', e2e.n8n.webhookUrl(`verification/${endpoint}`), {
				body,
				headers,
				timeoutMs: 60000,
			});
			const ms = Date.now() - started;
			let json;
			try {
				json = JSON.parse(res.text);
			} catch {
				json = res.text;
			}
			return { status: res.status, json, ms };
		}

		/** The code the phone heard last (the simulator keeps what Bitel's OTP call read). */
		function heard(phoneNumber) {
			const codes = e2e.sim.codesHeard(phoneNumber);
			return codes[codes.length - 1];
		}
		const other = (code) => (code === '00000' ? '11111' : '00000');

		/** Sends a code and waits until the send execution has finished (call ended, SMS if any). */
		async function sendAndFinish(phoneNumber) {
			const ex = byFile(FILE);
			const before = await e2e.executionIds(ex.id);
			const sent = await post('send', { phoneNumber });
			expect(sent.status).toBe(200);
			const [done] = await e2e.n8n.waitForExecutions(ex.id, {
				after: before,
				count: 1,
				timeoutMs: 60000,
			});
			return { sent, done };
		}

		test('send answers with {verificationId, token, expiresAt} in under a second while the phone still rings; the call ends unanswered and the same code comes by SMS; the code is approved', async () => {
			const ex = byFile(FILE);
			const phoneNumber = '09121234567'; // the simulator leaves numbers ending in 7 unanswered
			const before = await e2e.executionIds(ex.id);
			const sent = await post('send', { phoneNumber: '+98 912 123 4567' });
			const call = heard(phoneNumber);
			// What the app has at this moment, and what Bitel has been asked to do so far (Get Status
			// may already be asking about the call).
			const ringing = e2e.sim.bitel.calls.get(call.id).status;
			const sofar = bitelRequests()
				.filter((r) => r.method === 'POST')
				.map(line);

			expect(sent.status).toBe(200);
			expect(Object.keys(sent.json).sort()).toEqual(['expiresAt', 'token', 'verificationId']);
			expect(sent.json).toEqual({
				verificationId: expect.stringMatching(/^[0-9a-f]{32}$/),
				token: expect.stringMatching(/^bv1\./),
				expiresAt: expect.any(String),
			});
			const expiresIn = Date.parse(sent.json.expiresAt) - Date.now();
			expect(expiresIn).toBeGreaterThan(290000);
			expect(expiresIn).toBeLessThanOrEqual(300000);
			expect(JSON.stringify(sent.json)).not.toContain(call.code);
			process.stderr.write(`[examples] send answered in ${sent.ms} ms; the call was ${ringing}\n`);
			expect(sent.ms).toBeLessThan(1000);
			expect(ringing).toBe('WAITING');
			expect(sofar).toEqual(['POST /api/v2/voice/otp']);
			expect(call).toMatchObject({ channel: 'call', code: expect.stringMatching(/^\d{5}$/) });

			const [done] = await e2e.n8n.waitForExecutions(ex.id, {
				after: before,
				count: 1,
				timeoutMs: 60000,
			});
			expect(done.status).toBe('success');
			expect(outputOf(done, 'Bitel: wait for the call')[0]).toMatchObject({
				answered: false,
				final: true,
				status: 'NO_ANSWER',
			});
			const requests = bitelRequests();
			expect(requests.map(line)).toEqual([
				'POST /api/v2/voice/otp',
				...requests.filter((r) => r.method === 'GET').map(() => 'GET /api/v2/voice/status/:id'),
				'POST /api/v2/sms/otp',
			]);
			expect(requests[0].body).toEqual({ phoneNumber, text: call.code });
			expect(requests[requests.length - 1].body).toEqual({
				phoneNumber,
				appName: 'My Shop',
				code: call.code,
			});
			expect(outputOf(done, 'Bitel: resend the code by SMS')[0]).toEqual({
				verificationId: sent.json.verificationId,
				token: sent.json.token,
				phoneNumber,
				expiresAt: sent.json.expiresAt,
				channel: 'sms',
				smsId: expect.any(String),
			});

			e2e.sim.clearLog();
			const checked = await post('check', { token: sent.json.token, code: call.code });
			expect(checked).toMatchObject({
				status: 200,
				json: { approved: true, status: 'approved', attemptsLeft: 0 },
			});
			expect(Object.keys(checked.json).sort()).toEqual(['approved', 'attemptsLeft', 'status']);
			expect(bitelRequests()).toEqual([]); // checking sends nothing
		});

		test('an answered call sends no SMS; the code is approved once, then alreadyUsed', async () => {
			const phoneNumber = '09121234561';
			const { sent, done } = await sendAndFinish(phoneNumber);
			expect(done.status).toBe('success');
			expect(outputOf(done, 'Bitel: wait for the call')[0]).toMatchObject({ answered: true });
			expect(ran(done, 'Bitel: resend the code by SMS')).toBe(0);
			expect(bitelRequests().map(line)).not.toContain('POST /api/v2/sms/otp');
			const { code } = heard(phoneNumber);
			expect(await post('check', { token: sent.json.token, code })).toMatchObject({
				status: 200,
				json: { approved: true, status: 'approved' },
			});
			expect(await post('check', { token: sent.json.token, code })).toMatchObject({
				status: 200,
				json: { approved: false, status: 'alreadyUsed', attemptsLeft: 0 },
			});
		});

		test('wrong codes count down; after Max Attempts (5) wrong codes even the right code is tooManyAttempts', async () => {
			const phoneNumber = '09121234571';
			const { sent } = await sendAndFinish(phoneNumber);
			const { code } = heard(phoneNumber);
			const answers = [];
			for (let i = 0; i < 5; i++)
				answers.push((await post('check', { token: sent.json.token, code: other(code) })).json);
			expect(answers).toEqual(
				[4, 3, 2, 1, 0].map((attemptsLeft) => ({
					approved: false,
					status: 'wrongCode',
					attemptsLeft,
				})),
			);
			expect(await post('check', { token: sent.json.token, code })).toMatchObject({
				status: 200,
				json: { approved: false, status: 'tooManyAttempts', attemptsLeft: 0 },
			});
		});

		test('an expired token is expired, a token for another number invalidToken; nothing is sent', async () => {
			// A token the node would have sealed a minute ago, with the e2e credential's API token.
			const { sealVerificationToken, verificationKey, newVerificationId } = require(
				path.join(rt.REPO_DIR, 'dist/nodes/Bitel/helpers/verificationToken.js'),
			);
			const now = Date.now();
			const expired = sealVerificationToken(
				{
					verificationId: newVerificationId(),
					phoneNumber: '09121234561',
					code: '12345',
					issuedAt: now - 60000,
					expiresAt: now - 1000,
				},
				verificationKey(e2e.DEFAULTS.bitel.token),
			);
			expect(await post('check', { token: expired, code: '12345' })).toMatchObject({
				status: 200,
				json: { approved: false, status: 'expired', attemptsLeft: 0 },
			});
			const valid = sealVerificationToken(
				{
					verificationId: newVerificationId(),
					phoneNumber: '09121234561',
					code: '12345',
					issuedAt: now,
					expiresAt: now + 60000,
				},
				verificationKey(e2e.DEFAULTS.bitel.token),
			);
			expect(
				await post('check', { token: valid, code: '12345', phoneNumber: '09350000000' }),
			).toMatchObject({ status: 200, json: { approved: false, status: 'invalidToken' } });
			expect(
				await post('check', { token: valid, code: '12345', phoneNumber: '+98 912 123 4561' }),
			).toMatchObject({ status: 200, json: { approved: true, status: 'approved' } });
			expect(bitelRequests()).toEqual([]);
		});

		test('without the API key nothing runs; bad input is answered 400 with the error and sends nothing; a sixth code in an hour is refused', async () => {
			const ex = byFile(FILE);
			const before = await e2e.executionIds(ex.id);
			const noKey = await post('send', { phoneNumber: '09121234561' }, {});
			expect(noKey.status).toBe(403);
			const wrongKey = await post(
				'send',
				{ phoneNumber: '09121234561' },
				{ [DEMO_API_KEY.name]: 'not-the-key' },
			);
			expect(wrongKey.status).toBe(403);
			expect(await e2e.executionIds(ex.id)).toEqual(before);

			const notIranian = await post('send', { phoneNumber: '+1 415 555 0100' });
			expect(notIranian).toMatchObject({
				status: 400,
				json: {
					error: expect.stringMatching(/^Phone Number: "\+1 415 555 0100" is not an Iranian/),
				},
			});
			expect(Object.keys(notIranian.json)).toEqual(['error']);
			const blank = await post('check', { token: 'bv1.x', code: '' });
			expect(blank).toMatchObject({
				status: 400,
				json: { error: expect.stringMatching(/^Code: is empty/) },
			});
			expect(bitelRequests()).toEqual([]);

			// Max Sends per Hour (5 by default) counts per number, in any form.
			const phoneNumber = '09121234591';
			for (const form of [
				'09121234591',
				'+989121234591',
				'9121234591',
				'00989121234591',
				'0912 123 4591',
			])
				expect((await post('send', { phoneNumber: form })).status).toBe(200);
			const sixth = await post('send', { phoneNumber });
			expect(sixth).toMatchObject({
				status: 400,
				json: {
					error: expect.stringMatching(
						/^Max Sends per Hour: 09121234591 was sent 5 codes in the last hour/,
					),
				},
			});
			const calls = bitelRequests().filter((r) => r.method === 'POST');
			expect(calls.map((r) => r.body.phoneNumber)).toEqual(Array(5).fill(phoneNumber));
		});
	});

	describe('bitel-verification-form.json in Chromium', () => {
		let browser;
		let page;

		beforeAll(async () => {
			browser = await launchChromium();
			page = browser.context.pages()[0] || (await browser.context.newPage());
			page.setDefaultTimeout(60000);
		}, SETUP_TIMEOUT_MS);

		afterAll(async () => {
			if (browser) await browser.close();
		});

		const formUrl = () =>
			`${e2e.n8n.baseUrl}/form/${byFile('bitel-verification-form.json').forms[0].path}`;

		/** Types into the form's one text field and presses its button. */
		async function submit(value) {
			const input = page.locator('form input:visible').first();
			await input.fill(value);
			await page.locator('#submit-btn').click();
		}

		/** The page's visible heading and text once `text` shows on it. */
		async function shows(text) {
			await page.getByText(text).first().waitFor({ state: 'visible', timeout: 60000 });
			return page.locator('body').innerText();
		}

		test('phone number → the code read on the call → a wrong code shows "Wrong code, 4 tries left" on the code page → the right code: Verified', async () => {
			const phoneNumber = '09121234581';
			await page.goto(formUrl(), { waitUntil: 'load' });
			await shows('Verify your phone number');
			await submit('0912 123 4581');
			expect(await shows('Enter the code')).toContain('Type the code you heard on the call.');
			const [call] = e2e.sim.codesHeard(phoneNumber);
			expect(call).toMatchObject({ channel: 'call', code: expect.stringMatching(/^\d{5}$/) });
			await submit(call.code === '00000' ? '11111' : '00000');
			expect(await shows('Wrong code, 4 tries left.')).toContain('Enter the code');
			await submit(call.code);
			expect(await shows('Verified')).toContain(`Your phone number ${phoneNumber} is verified.`);
			const posts = bitelRequests().filter((r) => r.method === 'POST');
			expect(posts.map((r) => ({ path: r.path, body: r.body }))).toEqual([
				{ path: '/api/v2/voice/otp', body: { phoneNumber, text: call.code } },
			]);
		});

		test('a call not answered: the code comes by SMS, and five wrong codes end on "Not verified"', async () => {
			const phoneNumber = '09121234587';
			await page.goto(formUrl(), { waitUntil: 'load' });
			await shows('Verify your phone number');
			await submit(phoneNumber);
			expect(await shows('Enter the code')).toContain(
				'You did not answer, so we sent the code by SMS.',
			);
			const heard = e2e.sim.codesHeard(phoneNumber);
			expect(heard.map((h) => h.channel)).toEqual(['call', 'sms']);
			expect(heard[1].code).toBe(heard[0].code);
			const wrong = heard[0].code === '00000' ? '11111' : '00000';
			for (const left of ['4 tries', '3 tries', '2 tries', '1 try']) {
				await submit(wrong);
				await shows(`Wrong code, ${left} left.`);
			}
			await submit(wrong);
			expect(await shows('Not verified')).toContain('Wrong code, no tries left.');
		});
	});

	test('bitel-retry-not-answered.json: a campaign number that did not answer is called again Max Retries (2) times, once per round; the retries start no rounds of their own', async () => {
		const ex = byFile(RETRY_FILE);
		const { sim } = e2e;
		await sim.bitel.settleAll(); // calls of earlier tests end before the URL is set
		sim.clearLog();
		pointBitelAt(ex);
		const before = await e2e.executionIds(ex.id);
		const run = await e2e.n8n.runManually(ex.id, MANUAL);
		expect(run.status).toBe('success');
		// The campaign: 09351234567 does not answer (ends in 7), the others do.
		// Its chain: the campaign call's webhook, then 2 retries whose own webhooks stop at once.
		const runs = await e2e.n8n.waitForExecutions(ex.id, {
			after: [...before, run.id],
			count: 3,
			timeoutMs: 90000,
		});
		const chain = runs.find((r) => ran(r, 'Bitel: call again') > 0);
		expect(chain.status).toBe('success');
		expect(outputOf(chain, 'Bitel Trigger')[0]).toMatchObject({
			number: '09351234567',
			event: 'callNotAnswered',
			campaignId: expect.stringMatching(/^[0-9a-f]{32}$/),
		});
		expect(ran(chain, 'Bitel: call again')).toBe(2);
		expect(ran(chain, 'Gave up')).toBe(1);
		expect(ran(chain, 'Reached')).toBe(0);
		const retriesHeard = runs.filter((r) => r !== chain);
		for (const r of retriesHeard) {
			expect(outputOf(r, 'Bitel Trigger')[0]).toMatchObject({
				number: '09351234567',
				campaignId: null,
			});
			expect(outputOf(r, 'A campaign call?', 1)).toHaveLength(1);
			expect(ran(r, 'Retry settings')).toBe(0);
		}
		const requests = bitelRequests().filter((r) => r.method === 'POST');
		expect(requests.map((r) => ({ path: r.path, body: r.body }))).toEqual([
			{
				path: '/api/v2/voice/batch',
				body: {
					phoneNumbers: ['09121234561', '09351234567', '09191234560'],
					voiceId: '08e815cbcd724386805103ac0d45e4c2',
				},
			},
			...[1, 2].map(() => ({
				path: '/api/v2/voice/single',
				body: { phoneNumber: '09351234567', voiceId: '08e815cbcd724386805103ac0d45e4c2' },
			})),
		]);
		// Nothing more: no webhook is left to start a round.
		await new Promise((resolve) => setTimeout(resolve, 3000));
		expect(bitelRequests().filter((r) => r.method === 'POST')).toHaveLength(3);
		expect((await e2e.executionIds(ex.id)).length).toBe(before.length + 4);
		expect(sim.outbound.filter((o) => o.kind === 'webhook').map((o) => o.status)).toEqual([
			200, 200, 200, 200, 200,
		]);
	}, 180000);

	test('bitel-reminder-call-sms.json: each reminder is read on a call; the one nobody answered goes out by SMS with the same text', async () => {
		const ex = byFile('bitel-reminder-call-sms.json');
		const run = await e2e.n8n.runManually(ex.id, 'Every day at 9:00', { timeoutMs: 120000 });
		expect(run.status).toBe('success');
		const posts = bitelRequests().filter((r) => r.method === 'POST');
		expect(posts.map((r) => ({ path: r.path, body: r.body }))).toEqual([
			{
				path: '/api/v2/voice/single/tts',
				body: {
					phoneNumber: '09121234560',
					text: 'Reminder: your appointment is tomorrow at 10:00.',
				},
			},
			{
				path: '/api/v2/voice/single/tts',
				body: {
					phoneNumber: '09121234567',
					text: 'Reminder: your appointment is tomorrow at 11:30.',
				},
			},
			{
				path: '/api/v2/sms/single',
				body: {
					phoneNumber: '09121234567',
					message: 'Reminder: your appointment is tomorrow at 11:30.',
				},
			},
		]);
		const calls = outputOf(run, 'Bitel: reminder call');
		const statusPaths = bitelRequests()
			.filter((r) => r.method === 'GET')
			.map((r) => r.path);
		for (const call of calls) expect(statusPaths).toContain(`/api/v2/voice/status/${call.id}`);
		expect(outputOf(run, 'Not answered?', 1).map((j) => j.phoneNumber)).toEqual(['09121234560']);
		expect(outputOf(run, 'Bitel: send the reminder by SMS')).toEqual([
			expect.objectContaining({ id: expect.any(String) }),
		]);
	});
});
