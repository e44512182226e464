#!/usr/bin/env node
'use strict';
/**
 * `npm start`: try the nodes in a real n8n without any account.
 *
 * Builds and packs the package, starts the API simulator, installs n8n 2.41.1 on Node 24 into
 * the cache if needed (first run ≈3–4 min), starts n8n on 127.0.0.1 with the package installed as a
 * community package, credentials pointing at the simulator and the example workflows imported,
 * creates the owner, and prints the editor URL and the login. Ctrl-C stops everything it started.
 *
 * Environment: N8N_PORT (default 5678, or a free port), SIMULATOR_PORT (default 8787, or a free
 * port), DEMO_EMAIL / DEMO_PASSWORD (the owner login), N8N_BITEL_CACHE (where n8n is cached).
 */
const net = require('node:net');
const path = require('node:path');
const crypto = require('node:crypto');
const rt = require('../tools/n8n-runtime');
const { DEMO_API_KEY, loadExamples, simulatorExampleCredentials } = require('./examples');

const OWNER = {
	email: process.env.DEMO_EMAIL || 'demo@example.com',
	password: process.env.DEMO_PASSWORD || 'BitelDemo1',
	firstName: 'Demo',
	lastName: 'User',
};

function portIsFree(port) {
	return new Promise((resolve) => {
		const srv = net.createServer();
		srv.once('error', () => resolve(false));
		srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
	});
}

/** The port from the environment (0 = any free one), else `fallback` when free, else any free one. */
async function pickPort(envValue, fallback) {
	const wanted = envValue === undefined || envValue === '' ? fallback : Number(envValue);
	if (Number.isInteger(wanted) && wanted > 0 && (await portIsFree(wanted))) return wanted;
	return rt.freePort();
}

function say(line = '') {
	process.stdout.write(`${line}\n`);
}

async function main() {
	const t0 = Date.now();
	let sim;
	let n8n;
	let stopping = null;
	const stop = async (code) => {
		if (stopping) return stopping;
		stopping = (async () => {
			say('\nStopping n8n and the simulator…');
			if (n8n) await n8n.dispose().catch((e) => say(`  n8n: ${e.message}`));
			if (sim) await sim.close().catch((e) => say(`  simulator: ${e.message}`));
			say('Stopped. Nothing is left running.');
			process.exit(code);
		})();
		return stopping;
	};
	let interrupts = 0;
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(sig, () => {
			interrupts += 1;
			if (interrupts > 1) {
				say('Forced exit.');
				process.exit(130); // the exit hook of n8n-runtime kills n8n's process group
			}
			stop(0);
		});
	}

	try {
		say(
			'n8n-nodes-bitel demo: build, simulator, n8n. The first run installs n8n (≈3–4 minutes).\n',
		);
		const tgz = await rt.packPackage({ force: !process.env.N8N_BITEL_TGZ });
		const runtime = await rt.ensureRuntime();

		const { startSimulator, DEFAULTS } = require('../tools/simulator');
		const simPort = await pickPort(process.env.SIMULATOR_PORT, 8787);
		sim = await startSimulator({
			port: simPort,
			seed: 1,
			bitel: { finalAfterMs: 8000 },
			bes: { finishAfterMs: 8000 },
		});

		n8n = new rt.N8nInstance({ runtime, name: 'demo' });
		n8n.port = await pickPort(process.env.N8N_PORT, 5678);
		await n8n.init();
		await n8n.installPackage(tgz, { reuse: true });

		const hookToken = crypto.randomBytes(18).toString('base64url');
		await n8n.importCredentials(simulatorExampleCredentials(sim.url, DEFAULTS, hookToken));
		const examples = loadExamples({ baseUrl: n8n.baseUrl });
		await n8n.importWorkflows(examples.map((e) => e.workflow));

		await n8n.start();
		await n8n.setupOwner(OWNER);
		const hooks = [];
		for (const ex of examples.filter((e) => e.published)) {
			await n8n.activateWorkflow(ex.id);
			for (const t of ex.triggers)
				hooks.push({ ...t, url: n8n.webhookUrl(`${t.webhookId}/webhook`), example: ex });
		}
		// Like pasting a Bitel Trigger's URL (with its token) into the Bitel panel, which holds one.
		const bitelHooks = hooks.filter((h) => h.type === 'n8n-nodes-bitel.bitelTrigger');
		const bitelHook = bitelHooks[0];
		if (bitelHook) sim.bitel.setWebhookUrl(`${bitelHook.url}?token=${hookToken}`);

		say('');
		say('────────────────────────────────────────────────────────────────────────────');
		say(
			` n8n ${runtime.n8nVersion} with n8n-nodes-bitel is running (ready in ${((Date.now() - t0) / 1000).toFixed(0)} s)`,
		);
		say('');
		say(` Editor:     ${n8n.baseUrl}`);
		say(` Log in:     ${OWNER.email}  /  ${OWNER.password}`);
		say('');
		say(' Example workflows (open one, then "Execute workflow"):');
		for (const ex of examples)
			say(`   ${ex.workflow.name.padEnd(48)} ${n8n.baseUrl}/workflow/${ex.id}`);
		for (const ex of examples)
			for (const hook of ex.webhooks)
				say(` "${ex.workflow.name}" is started by ${hook.httpMethod} ${n8n.webhookUrl(hook.path)}`);
		for (const ex of examples)
			for (const form of ex.forms)
				say(` "${ex.workflow.name}": open ${n8n.baseUrl}/form/${form.path}`);
		say('');
		say(` Simulator:  ${sim.url}  (Bitel and BES; calls end after about 8 s;`);
		say('             numbers ending in 7 do not answer, 8 are busy, 9 fail)');
		say(' Credentials (all pointing at the simulator): Bitel account, Bitel webhook token,');
		say('              BES account, BES shared key, Verification API key');
		say(
			` API key:    send the header ${DEMO_API_KEY.name}: ${DEMO_API_KEY.value} to the Verification API`,
		);
		if (bitelHook) {
			say(
				` Bitel posts call webhooks to the Bitel Trigger of "${bitelHook.example.workflow.name}".`,
			);
			// The panel holds one URL; the simulator's control API stands for pasting another.
			for (const other of bitelHooks.slice(1))
				say(
					`   For "${other.example.workflow.name}": curl -X POST ${sim.url}/__sim/bitel/webhook -d '{"url": "${other.url}?token=${hookToken}"}'`,
				);
		}
		say(
			` n8n log:    ${path.relative(process.cwd(), n8n.logFile)}  (n8n pid ${n8n.proc.pid}, user folder ${n8n.userFolder})`,
		);
		say('');
		say(' Press Ctrl-C to stop n8n and the simulator.');
		say('────────────────────────────────────────────────────────────────────────────');

		// Stay up until interrupted; if n8n dies on its own, stop the rest and say so.
		const ended = await n8n.exited;
		if (!stopping) {
			say(`\nn8n exited on its own (${ended.code ?? ended.signal}); see ${n8n.logFile}`);
			await stop(1);
		}
	} catch (err) {
		process.stderr.write(`\nnpm start failed: ${err.message}\n`);
		await stop(1);
	}
}

main();
