'use strict';
/**
 * The output schemas the package ships (nodes/<Node>/__schema__/v1.0.0/…, copied into dist/ by
 * the build) against real outputs: every operation and both triggers run once in a real n8n
 * against the simulator, and each output item must conform to its schema with no field the
 * schema does not name. The schemas are read from the package n8n installed (so the tarball
 * carries them) and fetched from n8n's own `/schemas/…` route, the one the editor asks before a
 * node has run. Outputs are saved to test-artifacts/output-schemas/ for review.
 */
const fs = require('node:fs');
const path = require('node:path');
const {
	startE2E,
	requirePackageNodes,
	BITEL_HOOK_TOKEN,
	SETUP_TIMEOUT_MS,
	rt,
} = require('../../tools/harness');
const { schemaFile, createChecker } = require('./output-schema');

jest.setTimeout(180000);

requirePackageNodes();

const VOICE = '08e815cbcd724386805103ac0d45e4c2';
const ARTIFACTS = path.join(rt.artifactsDir(), 'output-schemas');

/** Every schema the package must ship: node folder, node type, resource/operation (none: trigger). */
const SCHEMAS = [
	['Bitel', 'bitel', 'call', 'otp'],
	['Bitel', 'bitel', 'call', 'single'],
	['Bitel', 'bitel', 'call', 'singleTts'],
	['Bitel', 'bitel', 'call', 'batch'],
	['Bitel', 'bitel', 'call', 'batchTts'],
	['Bitel', 'bitel', 'call', 'status'],
	['Bitel', 'bitel', 'sms', 'sendOtp'],
	['Bitel', 'bitel', 'sms', 'sendTemplate'],
	['Bitel', 'bitel', 'sms', 'send'],
	['Bitel', 'bitel', 'sms', 'sendBatch'],
	['Bitel', 'bitel', 'sms', 'sendP2p'],
	['Bitel', 'bitel', 'sms', 'status'],
	['Bes', 'bes', 'voiceNotification', 'create'],
	['Bes', 'bes', 'voiceNotification', 'getRecords'],
	['BitelTrigger', 'bitelTrigger'],
	['BesTrigger', 'besTrigger'],
].map(([node, type, resource, operation]) => ({ node, type, resource, operation }));

/** The fixtures run here (test/e2e/workflows/): one per operation, and the two triggers. */
const FIXTURES = [
	'e2eBitelTrigger1',
	'e2eBesTrigger001',
	'e2eBitelOtp00001',
	'e2eBitelSingle01',
	'e2eBitelSnglTts1',
	'e2eBitelBatch001',
	'e2eBitelBatchTts',
	'e2eBitelStatus01',
	'e2eBitelWaitFin1',
	'e2eBitelSmsOtp01',
	'e2eBitelSmsTmpl1',
	'e2eBitelSmsSend1',
	'e2eBitelSmsBatch',
	'e2eBitelSmsP2p01',
	'e2eBitelSmsStat1',
	'e2eBesCreate0001',
	'e2eBesRecords001',
];

const label = ({ node, resource, operation }) =>
	resource ? `${node} ${resource}/${operation}` : `${node} (trigger)`;

describe('output schemas against real outputs in a real n8n', () => {
	let e2e;
	let packageDir;
	const check = createChecker();
	/** label -> output items seen, filled by the runs below and checked at the end. */
	const outputs = new Map();

	function record(schema, items) {
		const key = label(schema);
		outputs.set(key, [...(outputs.get(key) || []), ...items]);
	}

	beforeAll(async () => {
		e2e = await startE2E({
			name: 'schemas',
			workflows: FIXTURES,
			// All of them start from a webhook or are triggers: all are published.
			activate: FIXTURES,
			simulator: { bitel: { finalAfterMs: 1500, gateways: ['30001234'] } },
		});
		packageDir = path.join(e2e.n8n.userFolder, '.n8n', 'nodes', 'node_modules', 'n8n-nodes-bitel');
		fs.mkdirSync(ARTIFACTS, { recursive: true });
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (e2e) await e2e.close();
	});

	const byOp = (node, resource, operation) =>
		SCHEMAS.find((s) => s.node === node && s.resource === resource && s.operation === operation);

	async function runOk(workflowId, items, nodeName = undefined, opts = undefined) {
		const run = await e2e.run(workflowId, items, opts);
		expect({ workflowId, status: run.status, error: run.error && run.error.message }).toEqual({
			workflowId,
			status: 'success',
			error: undefined,
		});
		return nodeName ? run.json(nodeName) : run;
	}

	test('every Bitel operation', async () => {
		record(
			byOp('Bitel', 'call', 'otp'),
			await runOk(
				'e2eBitelOtp00001',
				[
					{ phoneNumber: '09121234560', code: '4821' },
					{ phoneNumber: '+98 935 123 4561', code: '۷۷' },
				],
				'Bitel',
			),
		);
		const single = await runOk(
			'e2eBitelSingle01',
			[{ phoneNumber: '09121110000', voiceId: VOICE }],
			'Bitel',
		);
		record(byOp('Bitel', 'call', 'single'), single);
		record(
			byOp('Bitel', 'call', 'singleTts'),
			await runOk('e2eBitelSnglTts1', [{ phoneNumber: '09121110001', text: 'Hello' }], 'Bitel'),
		);
		record(
			byOp('Bitel', 'call', 'batch'),
			await runOk(
				'e2eBitelBatch001',
				[{ phoneNumbers: ['09121110010', '09121110011'], voiceId: VOICE }],
				'Bitel',
			),
		);
		record(
			byOp('Bitel', 'call', 'batchTts'),
			await runOk(
				'e2eBitelBatchTts',
				[{ phoneNumbers: '09121110012, 09121110013', text: 'Hello' }],
				'Bitel',
			),
		);
		// Get Status, right away (WAITING) and waiting for the final status (answered and not).
		record(
			byOp('Bitel', 'call', 'status'),
			await runOk('e2eBitelStatus01', [{ callId: single[0].id }], 'Bitel'),
		);
		const waited = await runOk(
			'e2eBitelWaitFin1',
			[{ phoneNumber: '09121110005' }, { phoneNumber: '09121110008' }],
			undefined,
			{ timeoutMs: 90000 },
		);
		record(byOp('Bitel', 'call', 'singleTts'), waited.json('Call'));
		record(byOp('Bitel', 'call', 'status'), waited.json('Wait for Status'));
	});

	test('every Bitel SMS operation', async () => {
		const sms = (operation) => byOp('Bitel', 'sms', operation);
		record(
			sms('sendOtp'),
			await runOk(
				'e2eBitelSmsOtp01',
				[
					{ phoneNumber: '09124440001', appName: 'My Shop', code: '۴۸۲۱' },
					{ phoneNumber: '09124440002', appName: 'My Shop', generateCode: true },
				],
				'Bitel',
			),
		);
		record(
			sms('sendTemplate'),
			await runOk(
				'e2eBitelSmsTmpl1',
				[{ phoneNumber: '09124440011', templateId: '1024', templateParams: 'Sara, 12' }],
				'Bitel',
			),
		);
		const sent = await runOk(
			'e2eBitelSmsSend1',
			[
				{ phoneNumber: '09124440021', message: 'Hello', gatewayNumber: '30001234' },
				{ phoneNumber: '09124440027', message: 'سلام' },
			],
			'Bitel',
		);
		record(sms('send'), sent);
		record(
			sms('sendBatch'),
			await runOk(
				'e2eBitelSmsBatch',
				[{ phoneNumbers: ['09124440031', '09124440032', '09124440031'], message: 'Sale' }],
				'Bitel',
			),
		);
		record(
			sms('sendP2p'),
			await runOk(
				'e2eBitelSmsP2p01',
				[
					{ phoneNumber: '0912 444 0041', message: 'Hi Sara' },
					{ phoneNumber: '09124440042', message: 'Hi Ali' },
				],
				'Bitel',
			),
		);
		// Right away (WAITING) and waiting for the final status (delivered and not).
		record(sms('status'), await runOk('e2eBitelSmsStat1', [{ smsId: sent[0].id }], 'Bitel'));
		record(
			sms('status'),
			await runOk(
				'e2eBitelSmsStat1',
				sent.map((s) => ({ smsId: s.id, wait: true })),
				'Bitel',
				{ timeoutMs: 90000 },
			),
		);
	});

	test('both BES operations', async () => {
		const startTime = new Date(Date.now() - 60 * 1000).toISOString();
		const placed = await runOk(
			'e2eBesCreate0001',
			[
				{ called: '88880001', params: '3, Main gate' },
				{
					called: '88880007',
					params: ['7', 'Side door'],
					callBackUrl: 'https://hooks.example.com/bes',
				},
			],
			'BES',
		);
		record(byOp('Bes', 'voiceNotification', 'create'), placed);
		await e2e.sim.bes.settleAll();
		const endTime = new Date(Date.now() + 10 * 60 * 1000).toISOString();
		const records = await runOk('e2eBesRecords001', [{ startTime, endTime }], 'BES');
		expect(records.length).toBeGreaterThanOrEqual(2);
		record(byOp('Bes', 'voiceNotification', 'getRecords'), records);
	});

	test('both triggers', async () => {
		const { sim } = e2e;
		const bitelTrigger = SCHEMAS.find((s) => s.type === 'bitelTrigger');
		const besTrigger = SCHEMAS.find((s) => s.type === 'besTrigger');
		const triggerOutputs = async (workflowId, nodeName, before, count) =>
			(
				await e2e.n8n.waitForExecutions(workflowId, { after: before, count, timeoutMs: 30000 })
			).flatMap((ex) => ex.data.resultData.runData[nodeName][0].data.main[0].map((i) => i.json));

		sim.bitel.setWebhookUrl(null);
		await sim.bitel.settleAll();
		sim.bitel.setWebhookUrl(
			`${e2e.triggerUrl('e2eBitelTrigger1', 'n8n-nodes-bitel.bitelTrigger')}?token=${BITEL_HOOK_TOKEN}`,
		);
		try {
			const before = await e2e.executionIds('e2eBitelTrigger1');
			// Answered, not answered, busy (last digits 5, 7, 3 in the simulator); an SMS
			// delivered and one not (last digits 1 and 7).
			await runOk('e2eBitelBatchTts', [
				{ phoneNumbers: ['09121113335', '09121113337', '09121113333'], text: 'Hi' },
			]);
			await runOk('e2eBitelSmsBatch', [
				{ phoneNumbers: ['09121113331', '09121113338'], message: 'Hi' },
			]);
			await sim.bitel.settleAll();
			record(bitelTrigger, await triggerOutputs('e2eBitelTrigger1', 'Bitel Trigger', before, 5));
		} finally {
			sim.bitel.setWebhookUrl(null);
		}

		await sim.bes.settleAll();
		const url = e2e.triggerUrl('e2eBesTrigger001', 'n8n-nodes-bitel.besTrigger');
		const before = await e2e.executionIds('e2eBesTrigger001');
		await runOk('e2eBesCreate0001', [
			{ called: '88886001', callBackUrl: url },
			{ called: '88886007', callBackUrl: url },
		]);
		await sim.bes.settleAll();
		record(besTrigger, await triggerOutputs('e2eBesTrigger001', 'BES Trigger', before, 2));
	});

	test('each output conforms to its schema, with no field the schema does not name', () => {
		const problems = [];
		for (const schema of SCHEMAS) {
			const key = label(schema);
			const items = outputs.get(key) || [];
			fs.writeFileSync(
				path.join(ARTIFACTS, `${key.replace(/[ /()]+/g, '-').replace(/-$/, '')}.json`),
				`${JSON.stringify(items, null, 2)}\n`,
			);
			if (!items.length) problems.push(`${key}: no output was produced`);
			const file = schemaFile(packageDir, schema.node, schema);
			if (!fs.existsSync(file)) {
				problems.push(`${key}: the installed package has no ${path.relative(packageDir, file)}`);
				continue;
			}
			items.forEach((json, i) => {
				for (const p of check(file, json)) problems.push(`${key} item ${i}: ${p}`);
			});
		}
		expect(problems).toEqual([]);
	});

	test("n8n serves each operation's schema at the URL its editor asks before a run", async () => {
		for (const schema of SCHEMAS.filter((s) => s.resource)) {
			const url = `${e2e.n8n.baseUrl}/schemas/n8n-nodes-bitel.${schema.type}/1.0.0/${schema.resource}/${schema.operation}.json`;
			const res = await rt.httpRequest('GET', url);
			expect({ url, status: res.status }).toEqual({ url, status: 200 });
			const served = JSON.parse(res.text);
			const shipped = JSON.parse(
				fs.readFileSync(schemaFile(packageDir, schema.node, schema), 'utf8'),
			);
			expect(served).toEqual(shipped);
			// What the editor requires before it shows a schema: an object type with properties.
			expect(served.type).toBe('object');
			expect(Object.keys(served.properties).length).toBeGreaterThan(0);
		}
	});
});
