/**
 * The Bitel node's SMS resource with real HTTP against the simulator: what Bitel receives
 * and what the node returns, errors, Continue On Fail, and Retry On Fail never re-sending.
 */
const { NodeApiError, NodeOperationError } = require('n8n-workflow');
const { startSimulator, DEFAULTS } = require('../../tools/simulator');
const { runNode, runNodeWithRetryOnFail } = require('../../tools/n8n-context');
const { Bitel } = require('../../nodes/Bitel/Bitel.node');
const { BitelApi } = require('../../credentials/BitelApi.credentials');
const { estimateSmsParts, withSmsStatusDetails } = require('../../nodes/Bitel/helpers/smsStatus');

const TOKEN = DEFAULTS.bitel.token;

let sim;

beforeAll(async () => {
	sim = await startSimulator({
		port: 0,
		seed: 11,
		bitel: { finalAfterMs: 400, gateways: ['30001234'] },
	});
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	sim.clearLog();
	sim.clearFaults();
});

const withResource = (parameters) =>
	Array.isArray(parameters)
		? parameters.map((p) => ({ resource: 'sms', ...p }))
		: { resource: 'sms', ...parameters };

const runOf = (parameters, extra = {}) => ({
	parameters: withResource(parameters),
	credentials: { bitelApi: { apiToken: TOKEN, baseUrl: sim.url } },
	credentialTypes: { bitelApi: new BitelApi() },
	continueOnFail: extra.continueOnFail,
});

const sms = (parameters, extra) => runNode(Bitel, runOf(parameters, extra));
const requests = () => sim.requests({ provider: 'bitel' });
const mobiles = (count, start = 0) =>
	Array.from({ length: count }, (_, i) => `0912${String(start + i).padStart(7, '0')}`);

describe('SMS operations: what Bitel receives and what the node returns', () => {
	test('Send posts message, national number and gateway; output has the status fields and parts', async () => {
		const run = await sms({
			operation: 'send',
			phoneNumber: '+98 912 123 4560',
			message: 'سلام دنیا',
			options: { gatewayNumber: '3000 1234' },
		});
		expect(run.error).toBeUndefined();
		expect(requests()).toHaveLength(1);
		const [request] = requests();
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/api/v2/sms/single');
		expect(request.body).toEqual({
			message: 'سلام دنیا',
			phoneNumber: '09121234560',
			gatewayNumber: '30001234',
		});
		expect(run.items[0].pairedItem).toEqual({ item: 0 });
		expect(run.items[0].json).toMatchObject({
			phoneNumber: '09121234560',
			status: 'WAITING',
			statusCode: 0,
			statusText: 'Waiting',
			delivered: false,
			final: false,
			partCount: 1,
			estimatedPartCount: 1,
		});
		expect(run.items[0].json.id).toMatch(/^[0-9a-f]{32}$/);
	});

	test('Send OTP posts appName and code; a generated code is random digits carried in the output', async () => {
		const given = await sms({
			operation: 'sendOtp',
			phoneNumber: '09121234560',
			appName: 'Shop',
			code: '۴۸۲۱۹۳',
		});
		expect(requests()[0].path).toBe('/api/v2/sms/otp');
		expect(requests()[0].body).toEqual({
			phoneNumber: '09121234560',
			appName: 'Shop',
			code: '482193',
		});
		expect(given.items[0].json.code).toBe('482193');

		sim.clearLog();
		const generated = await sms([
			{
				operation: 'sendOtp',
				phoneNumber: '09121234560',
				appName: 'Shop',
				options: { generateCode: true, codeLength: 8 },
			},
			{
				operation: 'sendOtp',
				phoneNumber: '09121234561',
				appName: 'Shop',
				options: { generateCode: true },
			},
		]);
		const bodies = requests().map((entry) => entry.body);
		const byNumber = Object.fromEntries(bodies.map((body) => [body.phoneNumber, body]));
		expect(byNumber['09121234560'].code).toMatch(/^\d{8}$/);
		expect(byNumber['09121234561'].code).toMatch(/^\d{6}$/);
		expect(Object.keys(byNumber['09121234560']).sort()).toEqual(['appName', 'code', 'phoneNumber']);
		expect(generated.items[0].json.code).toBe(byNumber['09121234560'].code);
		expect(generated.items[1].json.code).toBe(byNumber['09121234561'].code);
	});

	test('Send OTP sends a code of letters and digits as written (the OTP SMS page: a string, "1234Ma")', async () => {
		const run = await sms([
			{ operation: 'sendOtp', phoneNumber: '09121234560', appName: 'Shop', code: '1234Ma' },
			{ operation: 'sendOtp', phoneNumber: '09121234561', appName: 'Shop', code: '۱۲۳۴Ma' },
		]);
		expect(run.error).toBeUndefined();
		expect(requests().map((entry) => entry.body.code)).toEqual(['1234Ma', '1234Ma']);
		expect(run.items.map((item) => item.json.code)).toEqual(['1234Ma', '1234Ma']);
		expect(run.items[0].json).toMatchObject({ status: 'WAITING', statusCode: 0 });
		expect(run.items[0].json.message).toContain('1234Ma');
	});

	test('the simulator takes an OTP SMS code of letters and digits, and refuses one with a space', async () => {
		const post = async (code) =>
			await fetch(`${sim.url}/api/v2/sms/otp`, {
				method: 'POST',
				headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
				body: JSON.stringify({ phoneNumber: '09121234560', appName: 'Shop', code }),
			});
		expect((await post('1234Ma')).status).toBe(200);
		expect(await (await post('12 34')).json()).toEqual({ result: null, error: 'InvalidRequest' });
	});

	test('Send Template posts templateId as a number and params as an array (text or array)', async () => {
		const run = await sms([
			{
				operation: 'sendTemplate',
				phoneNumber: '09121234560',
				templateId: '1024',
				templateParams: 'Sara, 1403/05/12',
			},
			{
				operation: 'sendTemplate',
				phoneNumber: '09121234561',
				templateId: 7,
				templateParams: ['a,b', 'c'],
			},
		]);
		expect(run.error).toBeUndefined();
		const bodies = requests().map((entry) => entry.body);
		expect(bodies).toContainEqual({
			phoneNumber: '09121234560',
			templateId: 1024,
			params: ['Sara', '1403/05/12'],
		});
		expect(bodies).toContainEqual({
			phoneNumber: '09121234561',
			templateId: 7,
			params: ['a,b', 'c'],
		});
	});

	test('Send Batch pools all items into requests of at most 100, deduplicates, one output per number', async () => {
		const numbers = mobiles(230);
		const items = [
			{ operation: 'sendBatch', message: 'Sale', phoneNumbers: numbers.slice(0, 150).join(',') },
			{
				operation: 'sendBatch',
				message: 'Sale',
				phoneNumbers: [...numbers.slice(150), numbers[0]],
			},
		];
		const run = await sms(items);
		expect(run.error).toBeUndefined();
		const sent = requests();
		expect(sent.map((entry) => entry.path)).toEqual(Array(3).fill('/api/v2/sms/batch'));
		expect(sent.map((entry) => entry.body.phoneNumbers.length)).toEqual([100, 100, 30]);
		expect(sent.flatMap((entry) => entry.body.phoneNumbers).sort()).toEqual([...numbers].sort());
		for (const entry of sent) expect(entry.body.message).toBe('Sale');
		expect(run.items).toHaveLength(231);
		expect(run.items[150].pairedItem).toEqual({ item: 1 });
		expect(run.items[230].json).toMatchObject({ duplicate: true, phoneNumber: numbers[0] });
		for (const [index, item] of run.items.entries())
			expect(item.json.phoneNumber).toBe(index === 230 ? numbers[0] : numbers[index]);
	});

	test('Send Personalized Batch pairs each item’s number and message, 100 pairs per request', async () => {
		const numbers = mobiles(150, 500);
		const run = await sms(
			numbers.map((phoneNumber, index) => ({
				operation: 'sendP2p',
				phoneNumber,
				message: `Hi #${index}`,
			})),
		);
		expect(run.error).toBeUndefined();
		const sent = requests();
		expect(sent.map((entry) => entry.path)).toEqual(Array(2).fill('/api/v2/sms/batch/p2p'));
		expect(sent.map((entry) => entry.body.phoneNumbers.length)).toEqual([100, 50]);
		for (const entry of sent)
			entry.body.phoneNumbers.forEach((number, position) =>
				expect(entry.body.messages[position]).toBe(`Hi #${numbers.indexOf(number)}`),
			);
		expect(run.items).toHaveLength(150);
		run.items.forEach((item, index) => {
			expect(item.pairedItem).toEqual({ item: index });
			expect(item.json).toMatchObject({ phoneNumber: numbers[index], message: `Hi #${index}` });
		});
	});

	test('Get Status waits for a final status; the status answer reads into the send answer’s fields', async () => {
		const sent = await sms({ operation: 'send', phoneNumber: '09121234561', message: 'x' });
		const run = await sms({
			operation: 'status',
			smsId: sent.items[0].json.id,
			options: { waitForFinal: true, pollInterval: 1, timeout: 20 },
		});
		expect(run.error).toBeUndefined();
		expect(requests().filter((entry) => entry.method === 'GET')[0].path).toBe(
			`/api/v2/sms/status/${sent.items[0].json.id}`,
		);
		expect(run.items[0].json).toMatchObject({
			status: 'DELIVERED',
			statusCode: 1,
			delivered: true,
			final: true,
			timedOut: false,
		});
	});

	test('Get Status: CHECK_OK is not final, so a timeout returns it with timedOut', async () => {
		const sent = await sms({ operation: 'send', phoneNumber: '09121234566', message: 'x' });
		const run = await sms({
			operation: 'status',
			smsId: sent.items[0].json.id,
			options: { waitForFinal: true, pollInterval: 1, timeout: 2 },
		});
		expect(run.items[0].json).toMatchObject({ status: 'CHECK_OK', final: false, timedOut: true });
	});
});

describe('SMS errors', () => {
	test.each([
		['an HTTP 500 after sending', { type: 'status-after', status: 500 }],
		['a connection dropped after the request was read', { type: 'drop-after' }],
	])('after %s an SMS is not sent again and the error speaks of the SMS', async (_, fault) => {
		sim.injectFault({ path: '/api/v2/sms/single', times: Infinity, ...fault });
		const run = await sms(
			{ operation: 'send', phoneNumber: '09121234560', message: 'x' },
			{ continueOnFail: true },
		);
		expect(requests()).toHaveLength(1);
		expect(run.items).toHaveLength(1);
		expect(run.items[0].pairedItem).toEqual({ item: 0 });
		expect(run.items[0].json.outcome).toBe('unknown');
		expect(run.items[0].json.error).toMatch(/^Bitel may have sent the SMS: /);
		expect(run.items[0].json.description).toMatch(/a second SMS/);
		expect(run.items[0].json.description).toMatch(/SMS "Get Status"/);
		expect(JSON.stringify(run.items)).not.toMatch(/call/i);
	});

	test('InvalidGateway is a NodeApiError with the provider code; Continue On Fail gives a paired error item', async () => {
		const stopped = await sms({
			operation: 'send',
			phoneNumber: '09121234560',
			message: 'x',
			options: { gatewayNumber: '5555' },
		});
		expect(stopped.error).toBeInstanceOf(NodeApiError);
		expect(JSON.stringify(stopped.error.context)).toContain('InvalidGateway');
		expect(stopped.error.httpCode).toBe('400');

		const continued = await sms(
			[
				{
					operation: 'send',
					phoneNumber: '09121234560',
					message: 'x',
					options: { gatewayNumber: '5555' },
				},
				{ operation: 'send', phoneNumber: '09121234561', message: 'y' },
			],
			{ continueOnFail: true },
		);
		expect(continued.items).toHaveLength(2);
		expect(continued.items[0].json.error).toBeDefined();
		expect(continued.items[0].pairedItem).toEqual({ item: 0 });
		expect(continued.items[1].json.id).toBeDefined();
	});

	test('Get Status of an unknown SMS ID: NotFound naming the SMS ID and the fix; with Continue On Fail an error item', async () => {
		const unknown = 'ffffffffffffffffffffffffffffffff';
		const run = await sms({ operation: 'status', smsId: unknown }, { continueOnFail: true });
		expect(run.items).toEqual([
			{
				json: {
					smsId: unknown,
					error: `Bitel has no SMS with the SMS ID "${unknown}"`,
					description: expect.stringMatching(
						/^Use the "id" a Bitel SMS operation returned .*A call ID is not an SMS ID/,
					),
					httpCode: '404',
					code: 'NotFound',
					outcome: 'rejected',
				},
				pairedItem: { item: 0 },
			},
		]);
		expect(requests().map((entry) => `${entry.method} ${entry.path}`)).toEqual([
			`GET /api/v2/sms/status/${unknown}`,
		]);
	});

	test.each([
		['Message', { operation: 'send', phoneNumber: '09121234560', message: '   ' }],
		[
			'Gateway Number',
			{
				operation: 'send',
				phoneNumber: '09121234560',
				message: 'x',
				options: { gatewayNumber: '10a' },
			},
		],
		['Template ID', { operation: 'sendTemplate', phoneNumber: '09121234560', templateId: 'abc' }],
		['Code', { operation: 'sendOtp', phoneNumber: '09121234560', appName: 'A', code: '12 ab' }],
		['Phone Number', { operation: 'sendP2p', phoneNumber: '12', message: 'x' }],
	])('bad %s: NodeOperationError naming it, nothing sent', async (parameter, parameters) => {
		const run = await sms([
			// The operation is the node's, one for all items: item 0 a valid one of it.
			{
				operation: parameters.operation,
				phoneNumber: '09121234561',
				...{
					send: { message: 'ok' },
					sendTemplate: { templateId: '5' },
					sendOtp: { appName: 'A', code: '1234' },
					sendP2p: { message: 'ok' },
				}[parameters.operation],
			},
			parameters,
		]);
		expect(run.error).toBeInstanceOf(NodeOperationError);
		expect(run.error.message).toContain(parameter);
		expect(run.error.context.itemIndex).toBe(1);
		expect(requests()).toHaveLength(0);
	});
});

describe('SMS and Retry On Fail: never sent twice', () => {
	test.each([
		['send', (n) => ({ operation: 'send', phoneNumber: n, message: 'x' }), '/api/v2/sms/single'],
		[
			'sendOtp (generated)',
			(n) => ({
				operation: 'sendOtp',
				phoneNumber: n,
				appName: 'A',
				options: { generateCode: true },
			}),
			'/api/v2/sms/otp',
		],
	])(
		'%s: a 500 after sending stops the node; the retries send no SMS again',
		async (_, item, path) => {
			const numbers = mobiles(6, 900);
			sim.injectFault({ path, type: 'status-after', status: 500, skip: 3 });
			const run = await runNodeWithRetryOnFail(Bitel, runOf(numbers.map(item)), { maxTries: 3 });
			const sentNumbers = sim
				.requests({ provider: 'bitel', path })
				.map((entry) => entry.body.phoneNumber);
			expect(new Set(sentNumbers).size).toBe(sentNumbers.length);
			expect(run.tries.length).toBeGreaterThan(1);
		},
	);

	test('sendBatch: a 500 after the 2nd request; numbers of retries are never sent twice', async () => {
		const numbers = mobiles(400, 2000);
		sim.injectFault({ path: '/api/v2/sms/batch', type: 'status-after', status: 500, skip: 1 });
		const run = await runNodeWithRetryOnFail(
			Bitel,
			runOf({ operation: 'sendBatch', message: 'x', phoneNumbers: numbers }),
			{ maxTries: 3 },
		);
		const sent = sim
			.requests({ provider: 'bitel', path: '/api/v2/sms/batch' })
			.flatMap((e) => e.body.phoneNumbers);
		expect(new Set(sent).size).toBe(sent.length);
		expect(run.tries.length).toBeGreaterThan(1);
	});
});

describe('SMS pieces', () => {
	test.each([
		['', 0],
		['a'.repeat(160), 1],
		['a'.repeat(161), 2],
		['a'.repeat(306), 2],
		['a'.repeat(307), 3],
		['س'.repeat(70), 1],
		['س'.repeat(71), 2],
		['س'.repeat(134), 2],
		['س'.repeat(135), 3],
	])('estimated parts of a %#', (message, parts) => {
		expect(estimateSmsParts(message)).toBe(parts);
	});

	test('send and status answers give the same status fields', () => {
		const fromSend = withSmsStatusDetails({ status: 4, statusText: 'DeliveryFailed' });
		const fromStatus = withSmsStatusDetails({ status: 'DELIVERY_FAILED', statusCode: 4 });
		for (const record of [fromSend, fromStatus])
			expect(record).toMatchObject({
				status: 'DELIVERY_FAILED',
				statusCode: 4,
				delivered: false,
				final: true,
			});
	});
});

describe('SMS status in deliveryStatus, or none at all (issue 23, point 3)', () => {
	const sims = [];
	afterAll(async () => {
		await Promise.all(sims.map((s) => s.close()));
	});
	async function simulatorAnswering(smsStatus) {
		const own = await startSimulator({
			port: 0,
			seed: 23,
			bitel: { finalAfterMs: 300, smsStatus },
		});
		sims.push(own);
		const run = (parameters) =>
			runNode(Bitel, {
				parameters: withResource(parameters),
				credentials: { bitelApi: { apiToken: TOKEN, baseUrl: own.url } },
				credentialTypes: { bitelApi: new BitelApi() },
			});
		const sent = await run({ operation: 'send', phoneNumber: '09121234561', message: 'x' });
		own.clearLog();
		return { own, run, smsId: sent.items[0].json.id };
	}
	const waitFor = (smsId) => ({
		operation: 'status',
		smsId,
		options: { waitForFinal: true, pollInterval: 1, timeout: 8 },
	});

	test('deliveryStatus and deliveryStatusCode are read like status and statusCode', async () => {
		const { own, run, smsId } = await simulatorAnswering('delivery');
		const checked = await run(waitFor(smsId));
		expect(checked.error).toBeUndefined();
		expect(checked.items[0].json).toMatchObject({
			deliveryStatus: 'DELIVERED',
			deliveryStatusCode: 1,
			status: 'DELIVERED',
			statusCode: 1,
			delivered: true,
			final: true,
			timedOut: false,
		});
		expect(own.requests({ provider: 'bitel' }).length).toBeLessThanOrEqual(3);
	});

	test('an answer without any status comes back at once, saying Bitel sent no delivery status', async () => {
		const { own, run, smsId } = await simulatorAnswering('none');
		const started = Date.now();
		const checked = await run(waitFor(smsId));
		expect(checked.error).toBeUndefined();
		expect(checked.items[0].json).toMatchObject({
			id: smsId,
			result: 'ok',
			status: null,
			statusCode: null,
			delivered: false,
			final: false,
			timedOut: false,
			statusDescription: 'Unknown: Bitel sent no delivery status',
		});
		expect(own.requests({ provider: 'bitel' })).toHaveLength(1);
		expect(Date.now() - started).toBeLessThan(4000);
	});
});

describe('SMS errors in SMS words (issue 23, point 6)', () => {
	let own;
	beforeAll(async () => {
		own = await startSimulator({
			port: 0,
			seed: 6,
			bitel: { templates: { 1024: { params: 2 }, 2048: { params: 1, pending: true } } },
		});
	});
	afterAll(async () => {
		await own.close();
	});
	beforeEach(() => own.clearFaults());

	const send = async (parameters) =>
		await runNode(Bitel, {
			parameters: withResource(parameters),
			credentials: { bitelApi: { apiToken: TOKEN, baseUrl: own.url } },
			credentialTypes: { bitelApi: new BitelApi() },
			continueOnFail: true,
		});
	const template = (templateId, templateParams = 'a, b') => ({
		operation: 'sendTemplate',
		phoneNumber: '09121234560',
		templateId,
		templateParams,
	});
	/** Words an SMS error must not use when Bitel's code says what went wrong. */
	const expectSmsWords = (json) => {
		const words = `${json.error} ${json.description}`;
		expect(words).not.toMatch(/\bcalls?\b/i);
		expect(words).not.toMatch(/balance/i);
		expect(words).not.toMatch(/project/i);
	};

	test.each([
		[
			'InvalidTemplate',
			template('9999'),
			'Bitel has no template with this Template ID',
			/Copy Template ID from your templates in the Bitel panel/,
		],
		[
			'TemplatePending',
			template('2048', 'a'),
			'The template has not been approved yet',
			/Wait for Bitel to review and approve the template/,
		],
		[
			'TemplateFormatError',
			template('1024', 'only one'),
			'The template’s variables do not match the Template Parameters',
			/one value per variable of the template/,
		],
	])('%s has its own words', async (code, parameters, message, description) => {
		const run = await send(parameters);
		expect(run.items[0].json).toMatchObject({
			error: message,
			description: expect.stringMatching(description),
			code,
			httpCode: '400',
			outcome: 'rejected',
		});
		expectSmsWords(run.items[0].json);
	});

	test('InvalidRequest and InvalidGateway speak of the SMS', async () => {
		own.injectFault({
			path: '/api/v2/sms/single',
			type: 'status',
			status: 400,
			body: { result: null, error: 'InvalidRequest' },
		});
		const invalid = await send({ operation: 'send', phoneNumber: '09121234560', message: 'x' });
		expect(invalid.items[0].json.error).toBe('Bitel rejected the SMS request as invalid');
		expect(invalid.items[0].json.description).toMatch(/^Bitel did not send this SMS\./);
		const gateway = await send({
			operation: 'send',
			phoneNumber: '09121234560',
			message: 'x',
			options: { gatewayNumber: '5555' },
		});
		expect(gateway.items[0].json.code).toBe('InvalidGateway');
		for (const run of [invalid, gateway]) expectSmsWords(run.items[0].json);
	});

	test('an undocumented code on an SMS request says the SMS was not sent, not a call', async () => {
		own.injectFault({
			path: '/api/v2/sms/single',
			type: 'status',
			status: 402,
			body: { result: null, error: 'NoCredit' },
		});
		const run = await send({ operation: 'send', phoneNumber: '09121234560', message: 'x' });
		expect(run.items[0].json).toMatchObject({
			error: 'Bitel refused the request (NoCredit)',
			description: expect.stringMatching(/^Bitel did not send this SMS\./),
		});
		expect(`${run.items[0].json.description}`).not.toMatch(/\bcall\b/i);
	});
});

describe('Send Personalized Batch with the same number twice (issue 23, point 10)', () => {
	test.each([
		['in the order sent', {}],
		[
			'in reverse order, with +98 numbers',
			{ batchOrder: 'reversed', batchNumbers: 'international' },
		],
	])('records come %s: each item gets the record of its own message', async (_, dialect) => {
		const own = await startSimulator({ port: 0, seed: 10, bitel: { ...dialect } });
		try {
			const run = await runNode(Bitel, {
				parameters: withResource([
					{ operation: 'sendP2p', phoneNumber: '09121234560', message: 'Message A' },
					{ operation: 'sendP2p', phoneNumber: '09121234561', message: 'Other person' },
					{ operation: 'sendP2p', phoneNumber: '0912 123 4560', message: 'Message B' },
				]),
				credentials: { bitelApi: { apiToken: TOKEN, baseUrl: own.url } },
				credentialTypes: { bitelApi: new BitelApi() },
			});
			expect(run.error).toBeUndefined();
			expect(own.requests({ provider: 'bitel' })).toHaveLength(1);
			const idOf = (text) => [...own.bitel.messages.values()].find((m) => m.message === text).id;
			expect(run.items.map((item) => item.json.id)).toEqual([
				idOf('Message A'),
				idOf('Other person'),
				idOf('Message B'),
			]);
			expect(run.items.map((item) => item.json.message)).toEqual([
				'Message A',
				'Other person',
				'Message B',
			]);
		} finally {
			await own.close();
		}
	});
});

describe('SMS to a landline (issue 23, point 11)', () => {
	test('is refused before sending, naming the number and the fix; calls still take it', async () => {
		for (const parameters of [
			{ operation: 'send', phoneNumber: '021-8877-6655', message: 'x' },
			{ operation: 'sendOtp', phoneNumber: '+98 21 8877 6655', appName: 'A', code: '12' },
			{ operation: 'sendBatch', phoneNumbers: '09121234560, 02188776655', message: 'x' },
		]) {
			const run = await sms(parameters);
			expect(run.error).toBeInstanceOf(NodeOperationError);
			expect(run.error.message).toMatch(/^Phone Numbers?: ".+" is a landline number \[item 0\]$/);
			expect(run.error.description).toMatch(/Bitel sends SMS to mobile numbers \(09…\) only/);
		}
		expect(requests()).toHaveLength(0);
		const call = await runNode(Bitel, {
			...runOf({ operation: 'singleTts', phoneNumber: '02188776655', text: 'Hi' }),
			parameters: {
				resource: 'call',
				operation: 'singleTts',
				phoneNumber: '02188776655',
				text: 'Hi',
			},
		});
		expect(call.error).toBeUndefined();
		expect(requests().map((entry) => entry.path)).toEqual(['/api/v2/voice/single/tts']);
	});

	test('in a batch with Continue On Fail, the landline gets an error item and the mobile is sent', async () => {
		const run = await sms(
			{ operation: 'sendBatch', phoneNumbers: '09121234560, 02188776655', message: 'x' },
			{ continueOnFail: true },
		);
		expect(run.items).toHaveLength(2);
		expect(run.items[0].json.id).toMatch(/^[0-9a-f]{32}$/);
		expect(run.items[1].json.error).toMatch(/is a landline number/);
		expect(requests()[0].body.phoneNumbers).toEqual(['09121234560']);
	});

	test('the simulator refuses an SMS to a landline too', async () => {
		const response = await fetch(`${sim.url}/api/v2/sms/single`, {
			method: 'POST',
			headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
			body: JSON.stringify({ phoneNumber: '02188776655', message: 'x' }),
		});
		expect(await response.json()).toEqual({ result: null, error: 'InvalidRequest' });
	});
});
