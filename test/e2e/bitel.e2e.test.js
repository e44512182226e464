'use strict';
/**
 * The Bitel node in a real n8n, 2.41.1 or (test:e2e:n8n1) 1.123.81: our packed tarball installed
 * as a community package, one `n8n start` on 127.0.0.1 for the whole file, every workflow started
 * through its production webhook, run data read back through n8n's REST API, and the simulator's
 * log checked for what Bitel would have received.
 */
const http = require('node:http');
const {
	startE2E,
	requirePackageNodes,
	pairedIndex,
	CRED,
	BITEL_HOOK_TOKEN,
	SETUP_TIMEOUT_MS,
	rt,
} = require('../../tools/harness');

// Real n8n runs: generous per-test time even under a config without a testTimeout.
jest.setTimeout(120000);

requirePackageNodes();

const TOKEN = 'sim-bitel-token';
const VOICE = '08e815cbcd724386805103ac0d45e4c2';
const HEX32 = /^[0-9a-f]{32}$/;

/** `count` distinct valid mobile numbers 0912xxxxxxx; last digit 0–6 so the simulator answers them. */
function numbers(count, start = 1000000) {
	const out = [];
	for (let i = 0; out.length < count; i++) {
		const n = String(start + i * 10).padStart(7, '0');
		out.push(`0912${n}`);
	}
	return out;
}

describe('Bitel node in a real n8n', () => {
	let e2e;
	let manualRun;

	beforeAll(async () => {
		e2e = await startE2E({
			name: 'bitel',
			workflows: [
				'e2eBitelOtp00001',
				'e2eBitelSingle01',
				'e2eBitelSnglTts1',
				'e2eBitelBatch001',
				'e2eBitelBatchTts',
				'e2eBitelStatus01',
				'e2eBitelWaitFin1',
				'e2eBitelCof00001',
				'e2eBitelErrOut01',
				'e2eBitelManual01',
				'e2eBitelTrigger1',
				'e2eBitelAnswers1',
			],
			activate: [
				'e2eBitelAnswers1',
				'e2eBitelTrigger1',
				'e2eBitelOtp00001',
				'e2eBitelSingle01',
				'e2eBitelSnglTts1',
				'e2eBitelBatch001',
				'e2eBitelBatchTts',
				'e2eBitelStatus01',
				'e2eBitelWaitFin1',
				'e2eBitelCof00001',
				'e2eBitelErrOut01',
			],
			// strictTypes: every field only in the type Bitel's pages give (OTP's repeatCount a string).
			simulator: { bitel: { finalAfterMs: 1500, strictTypes: true } },
			// Headless CLI path, before the server holds the database: `n8n execute --id … --rawOutput`.
			// With n8n's legacy expression engine: with its default (`vm`), `n8n execute` dies by
			// SIGSEGV on exit after printing a complete run, in 9 of 16 runs of a workflow of only
			// n8n's Manual Trigger and No Op (2.41.1; 0 of 16 with `legacy`); README → Compatibility.
			beforeStart: async ({ n8n, sim }) => {
				sim.clearLog();
				manualRun = {
					result: await n8n.execute('e2eBitelManual01', {
						env: { N8N_EXPRESSION_ENGINE: 'legacy' },
					}),
					requests: sim.requests({ provider: 'bitel' }),
				};
			},
		});
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (e2e) await e2e.close();
	});

	beforeEach(() => {
		if (e2e) e2e.sim.clearLog();
	});

	const bitelRequests = (filter = {}) => e2e.sim.requests({ provider: 'bitel', ...filter });

	function expectAuthorized(req) {
		expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(String(req.headers['content-type'] || '')).toMatch(/application\/json/);
	}

	test('n8n execute (CLI) runs a manual workflow with our node: OTP with a +98 number and Persian digits', () => {
		const { result, requests } = manualRun;
		// A clean exit, as a user's CLI run; a signal here is n8n dying after (or before) its output.
		expect({ code: result.code, signal: result.signal }).toEqual({ code: 0, signal: null });
		expect(result.data).toBeDefined();
		const runData = result.data.data.resultData.runData;
		const out = runData.Bitel[0].data.main[0].map((i) => i.json);
		expect(out).toHaveLength(1);
		expect(out[0]).toMatchObject({ phoneNumber: '09120001111', status: 'WAITING', statusCode: 0 });
		expect(out[0].id).toMatch(HEX32);
		expect(requests).toHaveLength(1);
		expect(requests[0]).toMatchObject({
			method: 'POST',
			path: '/api/v2/voice/otp',
			body: { phoneNumber: '09120001111', text: '4821' },
		});
		expectAuthorized(requests[0]);
	});

	test('OTP call: one request per item with every option, output paired to its item', async () => {
		const run = await e2e.run('e2eBitelOtp00001', [
			{ phoneNumber: '09121234560', code: '4821' },
			{ phoneNumber: '0935 123 4561', code: '77' },
		]);
		expect(run.status).toBe('success');
		const items = run.items('Bitel');
		expect(items).toHaveLength(2);
		expect(items.map(pairedIndex)).toEqual([0, 1]);
		expect(items[0].json).toMatchObject({
			phoneNumber: '09121234560',
			status: 'WAITING',
			statusCode: 0,
		});
		expect(items[1].json).toMatchObject({ phoneNumber: '09351234561', status: 'WAITING' });
		for (const i of items) expect(i.json.id).toMatch(HEX32);

		const reqs = bitelRequests({ path: '/api/v2/voice/otp' });
		expect(reqs).toHaveLength(2);
		const bodies = reqs
			.map((r) => r.body)
			.sort((a, b) => a.phoneNumber.localeCompare(b.phoneNumber));
		expect(bodies).toEqual([
			{
				phoneNumber: '09121234560',
				text: '4821',
				voiceId: VOICE,
				repeatCount: '3',
				retryCount: 2,
				serverId: 'dialer-2',
			},
			{
				phoneNumber: '09351234561',
				text: '77',
				voiceId: VOICE,
				repeatCount: '3',
				retryCount: 2,
				serverId: 'dialer-2',
			},
		]);
		reqs.forEach(expectAuthorized);
		expect(reqs.every((r) => r.method === 'POST')).toBe(true);
	});

	test('single call (uploaded voice)', async () => {
		const run = await e2e.run('e2eBitelSingle01', [{ phoneNumber: '09121110000', voiceId: VOICE }]);
		expect(run.status).toBe('success');
		const [out] = run.json('Bitel');
		expect(out).toMatchObject({ phoneNumber: '09121110000', status: 'WAITING', statusCode: 0 });
		const reqs = bitelRequests();
		expect(reqs).toHaveLength(1);
		expect(reqs[0]).toMatchObject({
			method: 'POST',
			path: '/api/v2/voice/single',
			body: { phoneNumber: '09121110000', voiceId: VOICE, retryCount: 0 },
		});
		expectAuthorized(reqs[0]);
	});

	test('single TTS call', async () => {
		const run = await e2e.run('e2eBitelSnglTts1', [
			{ phoneNumber: '09121110001', text: 'Your parcel arrives today' },
		]);
		expect(run.status).toBe('success');
		const [out] = run.json('Bitel');
		expect(out).toMatchObject({ phoneNumber: '09121110001', status: 'WAITING' });
		const reqs = bitelRequests();
		expect(reqs).toHaveLength(1);
		expect(reqs[0]).toMatchObject({
			method: 'POST',
			path: '/api/v2/voice/single/tts',
			body: { phoneNumber: '09121110001', text: 'Your parcel arrives today' },
		});
		expectAuthorized(reqs[0]);
	});

	test('batch TTS call with options', async () => {
		const run = await e2e.run('e2eBitelBatchTts', [
			{ phoneNumbers: '09121110002, 09121110003', text: 'Hello' },
		]);
		expect(run.status).toBe('success');
		const items = run.items('Bitel');
		expect(items.map((i) => i.json.phoneNumber)).toEqual(['09121110002', '09121110003']);
		expect(items.map(pairedIndex)).toEqual([0, 0]);
		const reqs = bitelRequests();
		expect(reqs).toHaveLength(1);
		expect(reqs[0]).toMatchObject({
			method: 'POST',
			path: '/api/v2/voice/batch/tts',
			body: {
				phoneNumbers: ['09121110002', '09121110003'],
				text: 'Hello',
				retryCount: 3,
				serverId: 'default',
			},
		});
		expectAuthorized(reqs[0]);
	});

	test('batch of 250 numbers over 5 items: 3 requests of ≤100, 250 output items, each paired to its item', async () => {
		const all = numbers(250);
		const inputs = [];
		for (let i = 0; i < 5; i++) {
			const part = all.slice(i * 50, i * 50 + 50);
			// Mix the input forms a user would send: an array, and a comma/new-line separated string.
			inputs.push({
				phoneNumbers: i % 2 === 0 ? part : part.join(i === 1 ? ', ' : '\n'),
				voiceId: VOICE,
			});
		}
		const run = await e2e.run('e2eBitelBatch001', inputs, { timeoutMs: 120000 });
		expect(run.status).toBe('success');

		const reqs = bitelRequests({ path: '/api/v2/voice/batch' });
		expect(reqs).toHaveLength(3);
		const sizes = reqs.map((r) => r.body.phoneNumbers.length).sort((a, b) => b - a);
		expect(sizes).toEqual([100, 100, 50]);
		const sent = reqs.flatMap((r) => r.body.phoneNumbers);
		expect(new Set(sent).size).toBe(250);
		expect([...sent].sort()).toEqual([...all].sort());
		for (const r of reqs) {
			expect(r.method).toBe('POST');
			expect(r.body.voiceId).toBe(VOICE);
			expectAuthorized(r);
		}

		const items = run.items('Bitel');
		expect(items).toHaveLength(250);
		const ids = new Set();
		items.forEach((item, k) => {
			const inputIndex = pairedIndex(item);
			expect(inputIndex).toBe(Math.floor(k / 50));
			// The record belongs to a number of the item it is paired to.
			expect(all.slice(inputIndex * 50, inputIndex * 50 + 50)).toContain(item.json.phoneNumber);
			expect(item.json.phoneNumber).toBe(all[k]);
			expect(item.json.status).toBe('WAITING');
			ids.add(item.json.id);
		});
		expect(ids.size).toBe(250);
	});

	test('status of a call placed by a previous execution', async () => {
		const placed = await e2e.run('e2eBitelSingle01', [
			{ phoneNumber: '09121110004', voiceId: VOICE },
		]);
		const callId = placed.json('Bitel')[0].id;
		e2e.sim.clearLog();
		const run = await e2e.run('e2eBitelStatus01', [{ callId }]);
		expect(run.status).toBe('success');
		const [out] = run.json('Bitel');
		expect(out).toMatchObject({ id: callId, phoneNumber: '09121110004' });
		const reqs = bitelRequests();
		expect(reqs).toHaveLength(1);
		expect(reqs[0]).toMatchObject({ method: 'GET', path: `/api/v2/voice/status/${callId}` });
		expect(reqs[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
	});

	test('call, then Wait for Final Status polls until the call has ended', async () => {
		const run = await e2e.run(
			'e2eBitelWaitFin1',
			[{ phoneNumber: '09121110005' }, { phoneNumber: '09121110008' }],
			{ timeoutMs: 90000 },
		);
		expect(run.status).toBe('success');
		const out = run.items('Wait for Status');
		expect(out).toHaveLength(2);
		expect(out.map(pairedIndex)).toEqual([0, 1]);
		expect(out[0].json).toMatchObject({
			phoneNumber: '09121110005',
			status: 'NORMAL',
			statusCode: 1,
		});
		expect(out[1].json).toMatchObject({
			phoneNumber: '09121110008',
			status: 'USER_BUSY',
			statusCode: 3,
		});
		const statusReqs = bitelRequests({ method: 'GET', path: /^\/api\/v2\/voice\/status\// });
		// At least one poll saw WAITING before the final answer (finalAfterMs 1500, poll every 1 s).
		expect(statusReqs.length).toBeGreaterThanOrEqual(3);
		expect(statusReqs.length).toBeLessThanOrEqual(40);
	});

	test('Continue On Fail: bad items become error items, good ones are still called', async () => {
		const run = await e2e.run('e2eBitelCof00001', [
			{ phoneNumber: '09121110006', code: '1234' },
			{ phoneNumber: '12345', code: '1234' },
			{ phoneNumber: '09121110016', code: '1234567' },
		]);
		expect(run.status).toBe('success');
		const items = run.items('Bitel');
		expect(items).toHaveLength(3);
		expect(items.map(pairedIndex)).toEqual([0, 1, 2]);
		expect(items[0].json).toMatchObject({ phoneNumber: '09121110006', status: 'WAITING' });
		expect(items[1].json.error).toMatch(
			/Phone Number: "12345" is not an Iranian phone number \[item 1\]/,
		);
		expect(items[2].json.error).toMatch(/Code: "1234567" is not a code Bitel can read \[item 2\]/);
		const reqs = bitelRequests();
		expect(reqs).toHaveLength(1);
		expect(reqs[0].body).toMatchObject({ phoneNumber: '09121110006', text: '1234' });
	});

	test('Continue (using error output): the error items leave by the error output, paired, the calls by the success output', async () => {
		const run = await e2e.run('e2eBitelErrOut01', [
			{ phoneNumber: '09121110036', code: '1234' },
			{ phoneNumber: '12345', code: '1234' },
		]);
		expect(run.status).toBe('success');
		const [sent, failed] = [run.items('Bitel', 0), run.items('Bitel', 1)];
		expect(sent).toHaveLength(1);
		expect(sent[0].json).toMatchObject({ phoneNumber: '09121110036', status: 'WAITING' });
		expect(sent.map(pairedIndex)).toEqual([0]);
		expect(failed).toHaveLength(1);
		expect(failed[0].json.error.message).toMatch(
			/Phone Number: "12345" is not an Iranian phone number/,
		);
		expect(failed[0].json.error.description).toMatch(/Nothing was sent for this item\./);
		expect(failed.map(pairedIndex)).toEqual([1]);
		// Each branch ran with its own items.
		expect(run.json('Sent')).toHaveLength(1);
		expect(run.json('Failed')).toEqual([expect.objectContaining({ phoneNumber: '12345' })]);
		expect(bitelRequests().map((request) => request.body.phoneNumber)).toEqual(['09121110036']);
	});

	test('Continue On Fail: a provider error becomes an error item with Bitel’s code', async () => {
		e2e.sim.injectFault({
			method: 'POST',
			path: '/api/v2/voice/otp',
			type: 'status',
			status: 400,
			body: { result: null, error: 'InvalidServer' },
			times: 1,
		});
		try {
			const run = await e2e.run('e2eBitelCof00001', [{ phoneNumber: '09121110026', code: '12' }]);
			expect(run.status).toBe('success');
			const [item] = run.items('Bitel');
			expect(item.json.error).toMatch(/Bitel does not know this server ID/);
			expect(item.json.code).toBe('InvalidServer');
		} finally {
			e2e.sim.clearFaults();
		}
	});

	test('a bad parameter stops the workflow with our message, and nothing is sent', async () => {
		const run = await e2e.run('e2eBitelOtp00001', [{ phoneNumber: '09121110007', code: '12ab' }]);
		expect(run.status).toBe('error');
		expect(run.error.message).toMatch(/Code: "12ab" is not a code Bitel can read \[item 0\]/);
		expect(run.error.description).toMatch(/Nothing was sent for this item/);
		expect(run.nodeError('Bitel')).toBeDefined();
		expect(bitelRequests()).toHaveLength(0);
		// The webhook caller learns that the workflow failed.
		expect(run.response.status).toBeGreaterThanOrEqual(500);
	});

	test('the Bitel credential test (n8n’s own credential-test endpoint): good token OK, wrong token rejected, unreachable Base URL reported', async () => {
		const good = await e2e.n8n.testCredential({
			...CRED.bitel,
			data: { apiToken: TOKEN, baseUrl: e2e.sim.url },
		});
		expect(good).toMatchObject({ status: 'OK' });
		const bad = await e2e.n8n.testCredential({
			...CRED.bitelBad,
			data: { apiToken: 'wrong-token', baseUrl: e2e.sim.url },
		});
		// The node's own test method (testedBy) reads the status itself: the same on n8n 1.x and 2.x.
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(/Bitel rejected the API token/);
		expect(bad.message).not.toMatch(/wrong-token/);
		const reqs = bitelRequests({ method: 'GET' });
		expect(reqs).toHaveLength(2);
		expect(reqs[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
		expect(reqs[0].responseStatus).toBe(404);
		expect(reqs[1].headers.authorization).toBe('Bearer wrong-token');
		expect(reqs[1].responseStatus).toBe(401);
		for (const r of reqs) expect(r.path).toMatch(/^\/api\/v2\/voice\/status\//);

		const closedPort = await rt.freePort();
		const unreachable = await e2e.n8n.testCredential({
			...CRED.bitelBad,
			data: { apiToken: TOKEN, baseUrl: `http://127.0.0.1:${closedPort}` },
		});
		expect(unreachable.status).toBe('Error');
		expect(unreachable.message).toMatch(/Could not reach Bitel at http:\/\/127\.0\.0\.1:\d+/);
	});

	test('the Bitel credential test decides by the body (issue 23, point 5): NotFound with HTTP 400 is a good token; a Base URL answering 404 without Bitel’s answer is refused', async () => {
		e2e.sim.bitel.setDialect({ notFoundStatus: 400 });
		try {
			const good = await e2e.n8n.testCredential({
				...CRED.bitel,
				data: { apiToken: TOKEN, baseUrl: e2e.sim.url },
			});
			expect(good).toMatchObject({ status: 'OK', message: 'Bitel accepted the API token' });
			const [probe] = bitelRequests({ method: 'GET' });
			expect(probe.responseStatus).toBe(400);
			expect(probe.headers.authorization).toBe(`Bearer ${TOKEN}`);
		} finally {
			e2e.sim.bitel.setDialect({ notFoundStatus: 404 });
		}

		// A wrong Base URL, such as the panel's host: a web server that answers 404 with a page.
		const panel = http.createServer((req, res) => {
			res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
			res.end('<!doctype html><html><body><h1>404 Not Found</h1></body></html>');
		});
		await new Promise((resolve) => panel.listen(0, '127.0.0.1', resolve));
		try {
			const panelUrl = `http://127.0.0.1:${panel.address().port}`;
			const refused = await e2e.n8n.testCredential({
				...CRED.bitelBad,
				data: { apiToken: TOKEN, baseUrl: panelUrl },
			});
			expect(refused.status).toBe('Error');
			expect(refused.message).toMatch(
				/^The Base URL is not Bitel's API: http:\/\/127\.0\.0\.1:\d+ answered HTTP 404 without Bitel's answer\. Use https:\/\/api\.bitel\.rest/,
			);
		} finally {
			await new Promise((resolve) => panel.close(resolve));
		}
	});

	test('answers in other shapes (issue 23, points 1–4): an OTP SMS code with letters, ids named requestId, a numeric call status, SMS status in deliveryStatus; Get Status chains on {{ $json.id }}', async () => {
		e2e.sim.bitel.setDialect({
			callStatus: 'numeric',
			smsStatus: 'delivery',
			recordId: 'requestId',
		});
		let run;
		try {
			run = await e2e.run('e2eBitelAnswers1', [
				{ phoneNumber: '09121230001', appName: 'My Shop', smsCode: '1234Ma', callCode: '4821' },
			]);
		} finally {
			e2e.sim.bitel.setDialect({
				callStatus: 'documented',
				smsStatus: 'documented',
				recordId: 'id',
			});
		}
		expect({ status: run.status, error: run.error && run.error.message }).toEqual({
			status: 'success',
			error: undefined,
		});
		// Point 1: the code as written, letters and all.
		const [smsSent] = bitelRequests({ path: '/api/v2/sms/otp' });
		expect(smsSent.body).toEqual({
			phoneNumber: '09121230001',
			appName: 'My Shop',
			code: '1234Ma',
		});
		const [sms] = run.json('Send OTP SMS');
		// Point 4: Bitel named the id requestId; the output has it as id.
		expect(sms.id).toMatch(HEX32);
		expect(sms.requestId).toBe(sms.id);
		expect(sms.code).toBe('1234Ma');
		// Points 3 and 4: Get SMS Status asked for {{ $json.id }} and read deliveryStatus.
		expect(bitelRequests({ path: `/api/v2/sms/status/${sms.id}` }).length).toBeGreaterThan(0);
		expect(run.json('Get SMS Status')[0]).toMatchObject({
			id: sms.id,
			deliveryStatus: 'DELIVERED',
			status: 'DELIVERED',
			statusCode: 1,
			delivered: true,
			final: true,
			timedOut: false,
		});
		// Points 2 and 4: a numeric status alone is the code, with its name; the wait ends.
		const [call] = run.json('Make OTP Call');
		expect(call).toMatchObject({ status: 'WAITING', statusCode: 0 });
		expect(call.id).toMatch(HEX32);
		const [otpSent] = bitelRequests({ path: '/api/v2/voice/otp' });
		expect(otpSent.body).toMatchObject({ text: '4821', repeatCount: '2' });
		expect(run.json('Get Call Status')[0]).toMatchObject({
			id: call.id,
			status: 'NORMAL',
			statusCode: 1,
			final: true,
			answered: true,
			timedOut: false,
		});
	});

	// --- Bitel Trigger (issue 5): Bitel posts to the production URL pasted into its panel -----

	/** Wait (bounded) and return the executions of the trigger workflow started after `before`. */
	async function triggerRuns(before, count) {
		const runs = await e2e.n8n.waitForExecutions('e2eBitelTrigger1', {
			after: before,
			count,
			timeoutMs: 30000,
		});
		return runs.map((ex) => ({
			ex,
			out: ex.data.resultData.runData['Bitel Trigger'][0].data.main[0].map((i) => i.json),
		}));
	}

	test('Bitel Trigger: call webhooks posted by Bitel to the production URL start the workflow with readable data', async () => {
		const { sim } = e2e;
		// Settle whatever earlier tests left waiting, with no webhook URL set, so it cannot post here.
		sim.bitel.setWebhookUrl(null);
		await sim.bitel.settleAll();
		const url = `${e2e.triggerUrl('e2eBitelTrigger1', 'n8n-nodes-bitel.bitelTrigger')}?token=${BITEL_HOOK_TOKEN}`;
		sim.bitel.setWebhookUrl(url);
		const before = await e2e.executionIds('e2eBitelTrigger1');
		try {
			const placed = await e2e.run('e2eBitelBatchTts', [
				{ phoneNumbers: ['09121113335', '09121113337'], text: 'Hi' },
			]);
			const ids = placed.json('Bitel').map((j) => j.id);
			sim.clearLog();
			await sim.bitel.settleAll(); // resolves once n8n has answered both webhooks
			expect(sim.outbound.map((o) => o.status)).toEqual([200, 200]);
			const runs = await triggerRuns(before, 2);
			const outs = runs
				.map((r) => r.out[0])
				.sort((a, b) => String(a.number).localeCompare(String(b.number)));
			for (const r of runs) {
				expect(r.ex.status).toBe('success');
				expect(r.ex.mode).toBe('webhook');
				expect(r.out).toHaveLength(1);
			}
			expect(outs[0]).toMatchObject({
				number: '09121113335',
				event: 'callAnswered',
				answered: true,
				status: 'NORMAL',
				statusCode: 1,
			});
			expect(outs[1]).toMatchObject({
				number: '09121113337',
				event: 'callNotAnswered',
				answered: false,
				status: 'NO_ANSWER',
				statusCode: 2,
			});
			expect(outs.map((o) => o.requestId).sort()).toEqual([...ids].sort());
			// The workflow ran through to its next node.
			expect(runs[0].ex.data.resultData.runData.Received).toBeDefined();
		} finally {
			sim.bitel.setWebhookUrl(null);
		}
	});

	test('Bitel Trigger: a post without the URL token, or with a wrong one, gets 401 and starts nothing', async () => {
		const { sim } = e2e;
		sim.bitel.setWebhookUrl(null);
		await sim.bitel.settleAll();
		const base = e2e.triggerUrl('e2eBitelTrigger1', 'n8n-nodes-bitel.bitelTrigger');
		const before = await e2e.executionIds('e2eBitelTrigger1');
		const payload = {
			requestId: 'f'.repeat(32),
			campaignId: null,
			balanceSubtracted: 10,
			cause: 'NORMAL',
			billSec: 12,
			number: '09121113339',
			requestDate: 1700000000,
		};
		// The simulator posting as Bitel would, to a URL without the token …
		sim.bitel.setWebhookUrl(base);
		try {
			await e2e.run('e2eBitelSnglTts1', [{ phoneNumber: '09121113336', text: 'Hi' }]);
			sim.clearLog();
			await sim.bitel.settleAll();
			expect(sim.outbound).toHaveLength(1);
			expect(sim.outbound[0].status).toBe(401);
		} finally {
			sim.bitel.setWebhookUrl(null);
		}
		// … and direct posts with a wrong token or a repeated one.
		for (const q of [
			'?token=wrong-token-0123456789',
			`?token=${BITEL_HOOK_TOKEN}&token=${BITEL_HOOK_TOKEN}`,
			'',
		]) {
			const res = await rt.httpRequest('POST', `${base}${q}`, { body: payload });
			expect(res.status).toBe(401);
		}
		// Then a good post: it is the only new execution.
		const ok = await rt.httpRequest('POST', `${base}?token=${BITEL_HOOK_TOKEN}`, {
			body: payload,
		});
		expect(ok.status).toBe(200);
		const runs = await triggerRuns(before, 1);
		expect(runs[0].out[0]).toMatchObject({ requestId: payload.requestId, event: 'callAnswered' });
		await new Promise((r) => setTimeout(r, 500));
		expect(
			(await e2e.executionIds('e2eBitelTrigger1')).filter((id) => !before.includes(id)),
		).toHaveLength(1);
	});

	test('the Bitel webhook token credential test (n8n’s credential-test endpoint)', async () => {
		const good = await e2e.n8n.testCredential({
			...CRED.bitelHook,
			data: { token: BITEL_HOOK_TOKEN },
		});
		expect(good.status).toBe('OK');
		const bad = await e2e.n8n.testCredential({ ...CRED.bitelHook, data: { token: 'short' } });
		expect(bad.status).toBe('Error');
		expect(bad.message).toMatch(/at least 16 characters/);
	});
});
