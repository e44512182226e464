'use strict';
/**
 * Thousands of trigger posts against one real n8n with default settings (SQLite, regular mode),
 * 20 in flight, as a batch campaign's call-ended webhooks arrive: 2,000 Bitel webhooks, 1,000
 * signed BES callbacks, and the same 2,000 Bitel bodies to n8n's own Webhook node as the
 * yardstick. Holds: every post answered; every post answered 2xx has exactly one successful
 * execution carrying its requestId / callSerialNo (read back through REST); none doubled. The
 * figures (posts/s, latency, CPU per post, load average) go to the output and to
 * test-artifacts/load/triggers-regular.json, never into assertions: the machine is shared.
 */
const {
	BITEL_HOOK_TOKEN,
	SETUP_TIMEOUT_MS,
	requirePackageNodes,
	startE2E,
	rt,
} = require('../e2e/harness');
const load = require('./loadDriver');

requirePackageNodes();

const CONCURRENCY = 20;
const BITEL_POSTS = Number(process.env.N8N_BITEL_LOAD_BITEL || 2000);
const BES_POSTS = Number(process.env.N8N_BITEL_LOAD_BES || 1000);

describe(`load: one n8n ${rt.N8N_VERSION}, SQLite, regular mode, ${CONCURRENCY} posts in flight`, () => {
	let e2e;
	const report = { n8n: rt.N8N_VERSION, mode: 'regular', database: 'sqlite', scenarios: {} };

	beforeAll(async () => {
		e2e = await startE2E({
			name: 'load',
			workflows: ['e2eLoadWebhook1', 'e2eBitelTrigger1', 'e2eBesTrigger001'],
			activate: ['e2eLoadWebhook1', 'e2eBitelTrigger1', 'e2eBesTrigger001'],
		});
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		report.cpus = require('node:os').cpus().length;
		report.package = process.env.N8N_BITEL_TGZ;
		load.writeArtifact('triggers-regular', report);
		await e2e?.close();
	});

	function expectNothingLost(outcome, posts) {
		// Every post got an HTTP answer (a non-2xx one tells the provider to send it again).
		expect(outcome.results.filter((r) => r.status === undefined)).toEqual([]);
		expect(outcome.lost).toEqual([]);
		expect(outcome.doubled).toEqual([]);
		// Nothing ran that was not posted.
		const posted = new Set(posts.map((p) => String(p.id)));
		expect([...outcome.successesById.keys()].filter((id) => !posted.has(id))).toEqual([]);
	}

	it("n8n's own Webhook node (the yardstick)", async () => {
		const url = e2e.n8n.webhookUrl(e2e.webhookPath('e2eLoadWebhook1'));
		const posts = load.bitelPosts(url, BITEL_POSTS, 'webhook');
		const outcome = await load.runScenario({
			label: 'n8n Webhook node (Bitel bodies)',
			n8n: e2e.n8n,
			workflowId: 'e2eLoadWebhook1',
			posts,
			concurrency: CONCURRENCY,
			idOf: (execution) => load.firstItemOf(execution, 'Webhook')?.body?.requestId,
			pgids: [e2e.n8n.proc.pid],
		});
		report.scenarios.webhookNode = outcome.figures;
		expectNothingLost(outcome, posts);
	});

	it('Bitel Trigger: 2,000 call-ended webhooks with the URL token', async () => {
		const url = `${e2e.triggerUrl('e2eBitelTrigger1', 'n8n-nodes-bitel.bitelTrigger')}?token=${BITEL_HOOK_TOKEN}`;
		const posts = load.bitelPosts(url, BITEL_POSTS, 'bitel');
		const outcome = await load.runScenario({
			label: 'Bitel Trigger',
			n8n: e2e.n8n,
			workflowId: 'e2eBitelTrigger1',
			posts,
			concurrency: CONCURRENCY,
			idOf: (execution) => load.firstItemOf(execution, 'Bitel Trigger')?.requestId,
			pgids: [e2e.n8n.proc.pid],
		});
		report.scenarios.bitelTrigger = outcome.figures;
		expectNothingLost(outcome, posts);
		for (const r of outcome.results.filter((x) => x.status === 200)) {
			expect(JSON.parse(r.text)).toEqual({ message: 'Workflow was started' });
		}
	});

	it('BES Trigger: 1,000 signed release callbacks (every tenth with a callSerialNo wider than 2^53)', async () => {
		const url = e2e.triggerUrl('e2eBesTrigger001', 'n8n-nodes-bitel.besTrigger');
		const posts = load.besPosts(url, BES_POSTS, e2e.DEFAULTS.bes.sharedKey, 'regular');
		const outcome = await load.runScenario({
			label: 'BES Trigger',
			n8n: e2e.n8n,
			workflowId: 'e2eBesTrigger001',
			posts,
			concurrency: CONCURRENCY,
			idOf: (execution) => load.firstItemOf(execution, 'BES Trigger')?.callSerialNo,
			pgids: [e2e.n8n.proc.pid],
		});
		report.scenarios.besTrigger = outcome.figures;
		expectNothingLost(outcome, posts);
		// BES gets exactly the answer it requires, as text.
		for (const r of outcome.results.filter((x) => x.status === 200)) {
			expect(r.text).toBe('{"retCode":"0","retMsg":"success"}');
		}
		// The wide serials came out with every digit, as strings.
		const wide = posts.filter((p) => p.wide && outcome.successesById.has(p.id));
		expect(wide.length).toBeGreaterThan(0);
	});
});
