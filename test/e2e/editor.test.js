'use strict';
/**
 * The editor in a real browser: n8n (2.41.1, or 1.123.81) on 127.0.0.1 with our packed package
 * installed as a community package, the owner created through REST, a workflow holding each of our
 * nodes opened in headless Debian Chromium. Each node's parameter panel must render our parameters
 * (no "install this node" placeholder), every operation must be listed, and each operation must
 * show its own parameters. Subtitles are the Title Case labels of what is chosen. The Bitel Trigger
 * warns while Authentication is None, and one added now is version 1.1 with URL Token. Screenshots
 * go to test-artifacts/editor/ (for another n8n version: test-artifacts/n8n-<version>/editor/;
 * git-ignored).
 */
const fs = require('node:fs');
const path = require('node:path');
const { startE2E, requirePackageNodes, SETUP_TIMEOUT_MS, rt } = require('../../tools/harness');
const { launchChromium } = require('../../tools/chromium');

// Real n8n runs: generous per-test time even under a config without a testTimeout.
jest.setTimeout(120000);

const SHOTS = path.join(rt.artifactsDir(), 'editor');
const WORKFLOW = 'e2eEditorNodes01';
/** What n8n shows instead of a node whose package it could not load. */
const NOT_LOADED =
	/install this node|node is not (currently )?installed|not installed|node not found|unknown node|could not be found/i;

/** The Bitel Trigger's notices, as n8n renders them (the description writes "<" as &lt;). */
const URL_TO_PASTE =
	/<the Production URL above>\?token=<the Token of your Bitel Webhook API credential>, for example https:\/\/\S+\/webhook\?token=/;
const NONE_WARNING =
	/Anyone who learns this URL can post a made-up "answered" or "delivered" event/;

/** Per node: the operations the Operation list must offer, and the labels each one shows. */
const NODES = [
	{
		className: 'Bitel',
		name: 'Bitel',
		subtitle: 'Make OTP Call',
		common: ['Resource', 'Operation'],
		credential: 'Bitel (simulator)',
		operations: {
			'Get Status': ['Call ID', 'Options'],
			Make: ['Phone Number', 'Voice ID', 'Options'],
			'Make Batch': ['Phone Numbers', 'Voice ID', 'Options'],
			'Make Batch TTS': ['Phone Numbers', 'Text', 'Options'],
			'Make OTP': ['Phone Number', 'Code', 'Options'],
			'Make TTS': ['Phone Number', 'Text', 'Options'],
		},
		current: 'Make OTP',
	},
	{
		className: 'Bitel',
		name: 'Bitel SMS',
		subtitle: 'Send OTP SMS',
		common: ['Resource', 'Operation'],
		credential: 'Bitel (simulator)',
		operations: {
			'Get Status': ['SMS ID', 'Options'],
			Send: ['Phone Number', 'Message', 'Options'],
			'Send Batch': ['Phone Numbers', 'Message', 'Options'],
			'Send OTP': ['Phone Number', 'App Name', 'Code', 'Options'],
			'Send Personalized Batch': ['Phone Number', 'Message', 'Options'],
			'Send Template': ['Phone Number', 'Template ID', 'Template Parameters'],
		},
		current: 'Send OTP',
		// Each SMS operation shows only its own fields: none of another operation's.
		ownFieldsOnly: true,
	},
	{
		className: 'Bes',
		name: 'BES',
		subtitle: 'Create Voice Notification',
		common: ['Resource', 'Operation'],
		credential: 'BES (simulator)',
		operations: {
			Create: ['Called Number', 'Play List', 'Options'],
			'Get Call Records': ['Start Time', 'End Time', 'Return All', 'Limit', 'Options'],
		},
		current: 'Create',
	},
	{
		// Version 1.1, saved without Authentication: its default, URL Token.
		className: 'BitelTrigger',
		name: 'Bitel Trigger',
		subtitle: 'Call Answered, Call Not Answered',
		trigger: true,
		webhookId: 'e2e0b17e-0000-4000-8000-00000000ee01',
		common: ['Authentication', 'Events'],
		authentication: 'URL Token',
		credential: 'Bitel webhook token (e2e)',
		texts: [/Bitel has no API to register webhooks/, URL_TO_PASTE],
		notTexts: [NONE_WARNING],
	},
	{
		// A version 1 workflow saved with None (n8n stores no value equal to the default).
		className: 'BitelTrigger',
		name: 'Bitel Trigger Version 1',
		subtitle: 'Call Answered, Call Not Answered',
		trigger: true,
		webhookId: 'e2e0b17e-0000-4000-8000-00000000ee06',
		common: ['Authentication', 'Events'],
		authentication: 'None',
		texts: [/Bitel has no API to register webhooks/, NONE_WARNING],
		notTexts: [URL_TO_PASTE],
	},
	{
		className: 'BesTrigger',
		name: 'BES Trigger',
		subtitle: 'Signed Callbacks',
		trigger: true,
		webhookId: 'e2e0b17e-0000-4000-8000-00000000ee03',
		common: ['Authentication', 'Options'],
		credential: 'BES shared key (e2e)',
	},
];

/**
 * What closes the node panel: 2.x's close button, 1.x's "Back to canvas" (1.x also has an
 * `ndv-close-button`, in a panel layout it does not show by default).
 */
const NDV_CLOSE = '[data-test-id="ndv-close-button"], [data-test-id="back-to-canvas"]';

requirePackageNodes();

const clean = (s) => s.replace(/\*/g, '').replace(/\s+/g, ' ').trim();
const fileName = (s) =>
	s
		.replace(/[^A-Za-z0-9]+/g, '-')
		.replace(/^-|-$/g, '')
		.toLowerCase();

describe('n8n editor in headless Chromium', () => {
	let e2e;
	let browser;
	let page;
	const consoleErrors = [];

	beforeAll(async () => {
		fs.mkdirSync(SHOTS, { recursive: true });
		const wf = JSON.parse(
			fs.readFileSync(path.join(__dirname, 'workflows', `${WORKFLOW}.json`), 'utf8'),
		);
		// Only the nodes under check (requirePackageNodes above makes sure the package has them all).
		const classes = new Set(NODES.map((n) => n.name));
		wf.nodes = wf.nodes.filter((n) => classes.has(n.name));
		const fixture = path.join(rt.artifactsDir(), `${WORKFLOW}.json`);
		fs.writeFileSync(fixture, JSON.stringify(wf));
		e2e = await startE2E({ name: 'editor', workflows: [fixture] });
		browser = await launchChromium();
		const cookie = e2e.n8n.cookie.slice('n8n-auth='.length);
		await browser.context.addCookies([
			{ name: 'n8n-auth', value: cookie, domain: '127.0.0.1', path: '/', httpOnly: true },
		]);
		page = browser.context.pages()[0] || (await browser.context.newPage());
		page.setDefaultTimeout(30000);
		page.on('pageerror', (err) => consoleErrors.push(String(err)));
		await page.goto(`${e2e.n8n.baseUrl}/workflow/${WORKFLOW}`, {
			waitUntil: 'load',
			timeout: 90000,
		});
		await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 90000 });
		await page.waitForTimeout(500);
		await page.screenshot({ path: path.join(SHOTS, '00-canvas.png') });
	}, SETUP_TIMEOUT_MS);

	afterAll(async () => {
		if (browser) await browser.close();
		if (e2e) await e2e.close();
	});

	test('the canvas shows every node of the package with its icon and subtitle, none as unknown', async () => {
		const nodes = await page.$$eval('[data-test-id="canvas-node"]', (els) =>
			els.map((e) => ({
				name: e.getAttribute('data-node-name'),
				text: e.innerText,
				img: !!e.querySelector('img, svg'),
			})),
		);
		expect(nodes.map((n) => n.name).sort()).toEqual(NODES.map((n) => n.name).sort());
		for (const n of NODES) {
			const shown = nodes.find((x) => x.name === n.name);
			expect(shown.img).toBe(true);
			if (n.subtitle) expect(shown.text).toContain(n.subtitle);
			expect(shown.text).not.toMatch(NOT_LOADED);
		}
	});

	async function openNode(name) {
		await page.keyboard.press('Escape');
		if (await page.locator('[data-test-id="ndv"]').isVisible())
			await page.locator(NDV_CLOSE).filter({ visible: true }).first().click();
		await page.dblclick(`[data-test-id="canvas-node"][data-node-name="${name}"]`);
		const ndv = page.locator('[data-test-id="ndv"]');
		await ndv.waitFor({ state: 'visible' });
		await page.locator('[data-test-id="ndv"] [data-test-id="input-label"]').first().waitFor();
		return ndv;
	}

	async function labels() {
		const texts = await page
			.locator('[data-test-id="ndv"] [data-test-id="input-label"]')
			.allInnerTexts();
		// The first line is the label; hover controls ("Fixed", "Expression") and values follow it.
		return texts.map((t) => clean(String(t).split('\n')[0])).filter(Boolean);
	}

	/** `read()` once it gives a value `check` accepts (or the last value, after 10 s). */
	async function eventually(read, check) {
		let value;
		for (let i = 0; i < 50; i++) {
			value = await read();
			if (check(value)) break;
			await page.waitForTimeout(200);
		}
		return value;
	}

	/** The value an options parameter of the open node shows. */
	async function parameterValue(name) {
		return page
			.locator(`[data-test-id="ndv"] [data-test-id="parameter-input-${name}"] input`)
			.first()
			.inputValue();
	}

	/** Picks an option of an options parameter of the open node. */
	async function choose(name, option) {
		await page.click(`[data-test-id="ndv"] [data-test-id="parameter-input-${name}"]`);
		await page
			.locator('.el-select-dropdown:visible [data-test-id="parameter-input-item"]')
			.filter({ hasText: option })
			.first()
			.click();
		expect(
			await eventually(
				() => parameterValue(name),
				(v) => v === option,
			),
		).toBe(option);
	}

	/** The option headlines of the dropdown that is open now. */
	async function openDropdownOptions() {
		const items = page.locator(
			'.el-select-dropdown:visible [data-test-id="parameter-input-item"] .option-headline',
		);
		await items.first().waitFor({ state: 'visible' });
		return (await items.allInnerTexts()).map(clean);
	}

	for (const node of NODES) {
		test(`${node.name}: the parameter panel renders our parameters${node.operations ? ' and every operation' : ''}`, async () => {
			const ndv = await openNode(node.name);
			const text = await ndv.innerText();
			expect(text).not.toMatch(NOT_LOADED);
			if (node.credential) {
				const cred = page
					.locator('[data-test-id="ndv"] [data-test-id="node-credentials-select"] input')
					.first();
				expect(await cred.inputValue()).toBe(node.credential);
			}
			for (const re of node.texts || []) expect(text).toMatch(re);
			for (const re of node.notTexts || []) expect(text).not.toMatch(re);
			const shownLabels = await labels();
			for (const l of node.common) expect(shownLabels).toContain(l);
			if (node.authentication)
				expect(await parameterValue('authentication')).toBe(node.authentication);

			if (node.trigger) {
				await page.getByText('Webhook URLs', { exact: true }).click();
				await page.getByText('Production URL', { exact: true }).click();
				await expect(ndv.innerText()).resolves.toContain(`/webhook/${node.webhookId}/webhook`);
				await page.screenshot({ path: path.join(SHOTS, `${fileName(node.name)}.png`) });
				return;
			}

			for (const l of node.operations[node.current]) expect(shownLabels).toContain(l);
			await page.screenshot({
				path: path.join(SHOTS, `${fileName(node.name)}-${fileName(node.current)}.png`),
			});

			// The Operation list: all of ours (n8n may add its own "Custom API Call").
			await page.click('[data-test-id="ndv"] [data-test-id="parameter-input-operation"]');
			const offered = await openDropdownOptions();
			expect(offered.filter((o) => o !== 'Custom API Call').sort()).toEqual(
				Object.keys(node.operations).sort(),
			);
			await page.keyboard.press('Escape');

			// Each operation shows its own parameters.
			for (const [operation, expected] of Object.entries(node.operations)) {
				if (operation === node.current) continue;
				await page.click('[data-test-id="ndv"] [data-test-id="parameter-input-operation"]');
				await page
					.locator('.el-select-dropdown:visible [data-test-id="parameter-input-item"]')
					.filter({ hasText: operation })
					.first()
					.click();
				let got = [];
				for (let i = 0; i < 40; i++) {
					got = await labels();
					if (expected.every((l) => got.includes(l))) break;
					await page.waitForTimeout(100);
				}
				for (const l of expected)
					expect({ operation, labels: got, has: l, ok: got.includes(l) }).toMatchObject({
						ok: true,
					});
				if (node.ownFieldsOnly) {
					const others = new Set(Object.values(node.operations).flat());
					for (const l of [...node.common, ...expected]) others.delete(l);
					expect({ operation, foreign: got.filter((l) => others.has(l)) }).toEqual({
						operation,
						foreign: [],
					});
				}
				expect(await ndv.innerText()).not.toMatch(NOT_LOADED);
				await page.waitForTimeout(300); // let the closing dropdown fade out of the picture
				await page.screenshot({
					path: path.join(SHOTS, `${fileName(node.name)}-${fileName(operation)}.png`),
				});
			}
		});
	}

	test('Bitel Trigger 1.1: choosing None shows the warning, URL Token hides it again', async () => {
		const ndv = await openNode('Bitel Trigger');
		await choose('authentication', 'None');
		const text = await eventually(
			() => ndv.innerText(),
			(t) => NONE_WARNING.test(t),
		);
		expect(text).toMatch(NONE_WARNING);
		expect(text).toMatch(/add the Production URL above as the webhook URL/);
		expect(text).not.toMatch(URL_TO_PASTE);
		await page.waitForTimeout(300); // let the closing dropdown fade out of the picture
		await page.screenshot({ path: path.join(SHOTS, 'bitel-trigger-none.png') });
		await choose('authentication', 'URL Token');
		const back = await eventually(
			() => ndv.innerText(),
			(t) => URL_TO_PASTE.test(t),
		);
		expect(back).toMatch(URL_TO_PASTE);
		expect(back).not.toMatch(NONE_WARNING);
	});

	test('a Bitel Trigger added now is version 1.1 with URL Token', async () => {
		await page.keyboard.press('Escape');
		if (await page.locator('[data-test-id="ndv"]').isVisible())
			await page.locator(NDV_CLOSE).filter({ visible: true }).first().click();
		await page.click('[data-test-id="node-creator-plus-button"]');
		const search = page.locator('[data-test-id="node-creator-search-bar"]');
		await search.waitFor({ state: 'visible' });
		await search.fill('Bitel Trigger');
		// n8n lists the trigger under its app, "Bitel", as one action per event ("On call answered").
		await page
			.locator('[data-test-id="node-creator-item-name"]')
			.filter({ hasText: /^Bitel$/ })
			.first()
			.click();
		const triggers = page
			.locator('[data-test-id="node-creator-category-item"]')
			.filter({ hasText: /^Triggers/ });
		await triggers.waitFor({ state: 'visible' });
		const onCallAnswered = page.getByText(/^On call answered$/i).first();
		if (!(await onCallAnswered.isVisible())) await triggers.click();
		await onCallAnswered.click();
		const ndv = page.locator('[data-test-id="ndv"]');
		await ndv.waitFor({ state: 'visible' });
		await page.locator('[data-test-id="ndv"] [data-test-id="input-label"]').first().waitFor();
		expect(await parameterValue('authentication')).toBe('URL Token');
		const text = await ndv.innerText();
		expect(text).toMatch(URL_TO_PASTE);
		expect(text).not.toMatch(NONE_WARNING);
		await page.screenshot({ path: path.join(SHOTS, 'bitel-trigger-added.png') });
		await page.locator('[data-test-id="ndv"] [data-test-id="tab-settings"]').click();
		const settings = await eventually(
			() => ndv.innerText(),
			(t) => /node version/.test(t),
		);
		expect(settings).toMatch(/Bitel Trigger node version 1\.1\b/);
	});

	test('every version a node declares has its output schemas where n8n looks them up', async () => {
		const installed = path.join(
			e2e.n8n.userFolder,
			'.n8n',
			'nodes',
			'node_modules',
			'n8n-nodes-bitel',
		);
		const { body: types } = await e2e.n8n.rest('GET', '/types/nodes.json');
		const padded = (version) => String(version).split('.').concat(['0', '0']).slice(0, 3).join('.');
		const filesIn = (dir) =>
			fs
				.readdirSync(dir, { recursive: true })
				.filter((f) => f.endsWith('.json'))
				.sort();
		const checked = [];
		for (const className of new Set(NODES.map((n) => n.className))) {
			const type = `n8n-nodes-bitel.${className[0].toLowerCase()}${className.slice(1)}`;
			const declared = types.filter((t) => t.name === type).flatMap((t) => [].concat(t.version));
			expect({ type, declared: declared.length > 0 }).toEqual({ type, declared: true });
			const schemas = path.join(installed, 'dist', 'nodes', className, '__schema__');
			const first = filesIn(path.join(schemas, 'v1.0.0'));
			for (const version of new Set(declared)) {
				const dir = path.join(schemas, `v${padded(version)}`);
				expect({ dir, files: fs.existsSync(dir) && filesIn(dir) }).toEqual({ dir, files: first });
				// n8n's editor asks for operation schemas by exact version (triggers have none to ask).
				for (const file of first.filter((f) => f.includes(path.sep))) {
					const url = `/schemas/${type}/${padded(version)}/${file.split(path.sep).join('/')}`;
					const res = await e2e.n8n.rest('GET', url);
					expect({ url, status: res.status, type: res.body && res.body.type }).toEqual({
						url,
						status: 200,
						type: 'object',
					});
				}
				checked.push(`${type}@${version}`);
			}
		}
		expect(checked).toContain('n8n-nodes-bitel.bitelTrigger@1.1');
	});

	test('no uncaught page errors while doing all that', () => {
		expect(consoleErrors).toEqual([]);
	});
});
