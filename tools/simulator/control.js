'use strict';

/**
 * The /__sim/ control API: the same controls as the JS object, for when the simulator runs
 * in another process (`npm run simulator`, `npm start`, the e2e suite). Plain JSON, no
 * provider envelope. Logged with provider 'control'; never subject to faults.
 */

const { jsonResponse, isPlainObject } = require('./lib/http');

const json = (status, value) => jsonResponse(status, value);
const badRequest = (message) => json(400, { error: message });

/** ?provider=&method=&path=&pathRegex=&all=1 -> a requests() filter. */
function filterFromQuery(query) {
	const filter = {};
	if (query.provider) filter.provider = query.provider;
	if (query.method) filter.method = query.method;
	if (query.path) filter.path = query.path;
	if (query.pathRegex) filter.path = new RegExp(query.pathRegex);
	if (query.all === '1' || query.all === 'true') filter.includeControl = true;
	return filter;
}

async function handleControl(sim, ctx) {
	const path = ctx.path.replace(/\/+$/, '');
	const route = `${ctx.method} ${path}`;
	const body = ctx.json.ok ? ctx.json.value : ctx.json.empty ? {} : undefined;
	if (body === undefined) return badRequest('body must be JSON');

	switch (route) {
		case 'GET /__sim/health':
			return json(200, {
				ok: true,
				url: sim.url,
				seed: sim.seed,
				faults: sim.listFaults().length,
				bitel: { calls: sim.bitel.calls.size, webhookUrl: sim.bitel.webhookUrl },
				bes: { tokens: sim.bes.tokens.size, notifications: sim.bes.notifications.size },
			});

		case 'GET /__sim/log': {
			let filter;
			try {
				filter = filterFromQuery(ctx.query);
			} catch (error) {
				return badRequest(error.message);
			}
			return json(200, sim.requests(filter));
		}
		case 'DELETE /__sim/log':
			sim.clearLog();
			return json(200, { cleared: true });
		case 'GET /__sim/outbound':
			return json(200, sim.outbound);

		case 'GET /__sim/faults':
			return json(200, sim.listFaults());
		case 'POST /__sim/faults':
			try {
				return json(201, { id: sim.injectFault(body) });
			} catch (error) {
				return badRequest(error.message);
			}
		case 'DELETE /__sim/faults':
			return json(200, { cleared: sim.clearFaults() });

		case 'POST /__sim/bitel/webhook':
			if (!isPlainObject(body) || !('url' in body))
				return badRequest('body must be {"url": "<http(s) URL>" | null}');
			try {
				sim.bitel.setWebhookUrl(body.url);
			} catch (error) {
				return badRequest(error.message);
			}
			return json(200, { url: sim.bitel.webhookUrl });
		case 'POST /__sim/bitel/settle': {
			// Answers after the webhooks of the settled calls have been answered.
			const settled = await sim.bitel.settleAll();
			return json(200, { settled: settled.length });
		}
		case 'GET /__sim/bitel/calls':
			sim.settleDue();
			return json(200, [...sim.bitel.calls.values()]);

		case 'GET /__sim/bitel/codes':
			return json(200, sim.codesHeard(ctx.query.phoneNumber || undefined));

		case 'POST /__sim/bes/expire-tokens':
			return json(200, { expired: sim.bes.expireTokens() });
		case 'POST /__sim/bes/revoke-tokens':
			return json(200, { revoked: sim.bes.revokeAll() });
		case 'POST /__sim/bes/settle': {
			const finished = await sim.bes.settleAll();
			return json(200, { settled: finished.length });
		}
		case 'GET /__sim/bes/notifications':
			sim.settleDue();
			return json(200, [...sim.bes.notifications.values()]);

		default:
			return json(404, { error: `no control route ${route}` });
	}
}

module.exports = { handleControl, filterFromQuery };
