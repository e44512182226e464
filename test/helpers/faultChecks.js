/**
 * What the fault suite checks, shared by its Bitel and BES parts: the seed, the mix of
 * faults, reading the simulator's log as chains of sends of the same request, and the
 * search for secrets in everything a run produced.
 */

/** FAULT_SEED reproduces a run; without it the suite uses a fixed seed, so CI is stable. */
function faultSeed() {
	const fromEnv = process.env.FAULT_SEED;
	const seed = fromEnv === undefined || fromEnv === '' ? 'bitel-faults-1' : fromEnv;
	return seed;
}

/**
 * One request in `rate` misbehaves, spread over every kind the issue names. Retry-After
 * is 1 s: the suite's sleep runs a tenth of every wait, but the node asks for the full one.
 * A slow response takes SLOW_RESPONSE_MS, past the request timeout the suite gives the
 * nodes (REQUEST_TIMEOUT_CAP_MS), which is long enough that a loaded machine does not make
 * ordinary answers time out too.
 */
const REQUEST_TIMEOUT_CAP_MS = 1000;
const SLOW_RESPONSE_MS = 1200;
const RETRY_AFTER_SECONDS = 1;

function faultMix(rate) {
	const kinds = [
		{ type: 'status', status: 429, retryAfter: RETRY_AFTER_SECONDS },
		{ type: 'status', status: 429, retryAfter: RETRY_AFTER_SECONDS },
		{ type: 'status', status: 500 },
		{ type: 'status', status: 502 },
		{ type: 'status', status: 503 },
		{ type: 'delay', delayMs: SLOW_RESPONSE_MS },
		{ type: 'drop-before' },
		{ type: 'drop-after' },
		{ type: 'malformed-json' },
		{ type: 'html', status: 502 },
		{ type: 'html', status: 503 },
	];
	return kinds.map((kind) => ({ ...kind, probability: rate / kinds.length }));
}

/** The name a log entry's fault is counted under in the report. */
function faultKind(entry) {
	if (!entry.fault) return entry.responseStatus === 401 ? '401 (token revoked)' : null;
	if (entry.fault === 'status') return `HTTP ${entry.responseStatus}`;
	if (entry.fault === 'html') return `HTML ${entry.responseStatus} page`;
	if (entry.fault === 'delay') return 'slow past the timeout';
	return entry.fault;
}

/**
 * Resolves once every slow request of `entries` has been processed by the simulator
 * (the node gave up on it earlier), so the calls it creates are counted in the right test.
 */
async function settleSlowRequests(entries) {
	const slow = entries.filter((entry) => entry.fault === 'delay');
	if (slow.length === 0) return;
	const latest = Math.max(...slow.map((entry) => entry.time));
	const remaining = latest + SLOW_RESPONSE_MS + 100 - Date.now();
	if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
}

function countFaults(entries, into = {}) {
	for (const entry of entries) {
		const kind = faultKind(entry);
		if (kind) into[kind] = (into[kind] ?? 0) + 1;
	}
	return into;
}

/** A provider refused the request before acting on it: the only case a resend is allowed. */
function isRefusal(entry) {
	return entry.responseStatus === 429 || entry.responseStatus === 401;
}

/** Log entries grouped by identical request (method, path, body), each group in send order. */
function requestChains(entries) {
	const chains = new Map();
	for (const entry of entries) {
		const key = `${entry.method} ${entry.path} ${JSON.stringify(entry.body)}`;
		const chain = chains.get(key) ?? [];
		chain.push(entry);
		chains.set(key, chain);
	}
	for (const chain of chains.values()) chain.sort((a, b) => a.seq - b.seq);
	return chains;
}

/**
 * Sends of the same request the provider did not provably refuse, beyond the number of
 * times the input asked for that request. Each is a violation: a request that may have
 * reached the provider was sent again.
 */
function unrefusedResends(entries, timesAsked) {
	const violations = [];
	for (const [key, chain] of requestChains(entries)) {
		const notRefused = chain.filter((entry) => !isRefusal(entry));
		const allowed = timesAsked(chain[0]);
		if (notRefused.length > allowed) {
			violations.push({
				request: key.slice(0, 160),
				sends: chain.map((entry) => entry.responseStatus ?? entry.fault),
				allowed,
			});
		}
	}
	return violations;
}

/**
 * Refused sends (429) that were followed by another send of the same request, which is
 * one wait of the retry rule each, and the longest chain of sends of one request
 * relative to how many times the input asked for it.
 */
function retriedRefusals(entries, timesAsked) {
	let count = 0;
	let sendsPerAsk = 0;
	for (const chain of requestChains(entries).values()) {
		sendsPerAsk = Math.max(sendsPerAsk, chain.length / Math.max(1, timesAsked(chain[0])));
		chain.forEach((entry, index) => {
			if (index < chain.length - 1 && entry.responseStatus === 429) count++;
		});
	}
	return { count, sendsPerAsk };
}

/** Every string reachable from a value: own properties (message, description, cause, context…). */
function reachableStrings(value, out = [], seen = new Set(), depth = 0) {
	if (typeof value === 'string') {
		out.push(value);
		return out;
	}
	if (value === null || typeof value !== 'object' || depth > 10 || seen.has(value)) return out;
	seen.add(value);
	for (const name of Object.getOwnPropertyNames(value)) {
		let child;
		try {
			child = value[name];
		} catch {
			continue;
		}
		reachableStrings(child, out, seen, depth + 1);
	}
	return out;
}

/** The secrets found anywhere in the values, with where they were found. */
function leakedSecrets(places, secrets) {
	const found = [];
	for (const [where, value] of Object.entries(places)) {
		const strings = reachableStrings(value);
		for (const secret of secrets) {
			if (secret && strings.some((text) => text.includes(secret))) found.push({ where, secret });
		}
	}
	return found;
}

/** Faults after which the provider did not act on the request. */
const NOT_PROCESSED_FAULTS = new Set(['status', 'drop-before', 'html']);

/**
 * How often each number reached the provider in a request it acted on (every logged
 * request but those a fault stopped first), from the simulator's log.
 */
function dialledCounts(entries, numbersOf) {
	const counts = new Map();
	for (const entry of entries) {
		if (entry.fault && NOT_PROCESSED_FAULTS.has(entry.fault)) continue;
		for (const number of numbersOf(entry)) counts.set(number, (counts.get(number) ?? 0) + 1);
	}
	return counts;
}

/** The figure of a run: numbers dialled more than once, numbers dialled, dials. */
function dialledFigure(counts) {
	const values = [...counts.values()];
	return {
		twice: values.filter((times) => times > 1).length,
		numbers: counts.size,
		dials: values.reduce((sum, times) => sum + times, 0),
	};
}

/**
 * Asserts that `expected` numbers were dialled, none more than once, and adds the figure of
 * the run to `figures` first (so a failing run still reports it).
 */
function expectDialledOnce(figures, name, counts, expected) {
	const { twice, numbers, dials } = dialledFigure(counts);
	figures.push(`  ${name}: ${twice} of ${numbers} numbers dialled more than once (${dials} dials)`);
	expect(numbers).toBe(expected);
	expect(twice).toBe(0);
}

module.exports = {
	expectDialledOnce,
	dialledCounts,
	dialledFigure,
	faultSeed,
	faultMix,
	faultKind,
	countFaults,
	settleSlowRequests,
	isRefusal,
	requestChains,
	unrefusedResends,
	retriedRefusals,
	reachableStrings,
	leakedSecrets,
	REQUEST_TIMEOUT_CAP_MS,
	SLOW_RESPONSE_MS,
	RETRY_AFTER_SECONDS,
};
