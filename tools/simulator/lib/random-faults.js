'use strict';

const { SeededRandom } = require('./random');
const { normalizeFault } = require('./faults');

/**
 * Seeded random faults: for every request to a matching path, draw whether it misbehaves
 * and how, with a probability per kind of fault. For fault suites that run thousands of
 * requests and must be reproducible from one seed.
 *
 * The draw is keyed on the request itself (method, path, body) and on how many times that
 * same request was seen before, not on arrival order, so requests that race each other
 * still get the same faults under the same seed, and a resend of a request draws anew.
 *
 * spec: {
 *   seed,
 *   rules: [{ path: string|RegExp, method?, faults: [{ probability, type, status?, retryAfter?, delayMs? }] }]
 * }
 * The first rule whose path (and method) matches decides; its probabilities add up to at
 * most 1, and the rest is "no fault".
 */
class RandomFaults {
	constructor(spec) {
		if (!spec || typeof spec !== 'object') throw new TypeError('random faults need a spec object');
		if (!Array.isArray(spec.rules) || spec.rules.length === 0)
			throw new TypeError('random faults need at least one rule');
		this.seed = String(spec.seed ?? 1);
		this.rules = spec.rules.map((rule) => {
			const method = rule.method ? String(rule.method).toUpperCase() : null;
			let total = 0;
			const faults = (rule.faults || []).map((fault) => {
				const probability = Number(fault.probability);
				if (!(probability >= 0 && probability <= 1))
					throw new TypeError('a random fault needs a probability from 0 to 1');
				total += probability;
				const { probability: _, ...faultSpec } = fault;
				// Validates the fault like injectFault does; the path is the rule's.
				normalizeFault({ ...faultSpec, path: rule.path });
				return { probability, spec: faultSpec };
			});
			if (total > 1 + 1e-9)
				throw new TypeError('the probabilities of a rule add up to more than 1');
			// Checks the path; a /g or /y RegExp would match every other time, so drop those flags.
			const { path } = normalizeFault({ type: 'status', path: rule.path });
			return { path, method, faults };
		});
		/** How often each request (method, path, body) was seen: the draw of its next copy. */
		this.seen = new Map();
		/** Every fault drawn, in order: { method, path, type, status }. */
		this.injected = [];
	}

	/** The fault for this request, normalised like a registered one, or null. */
	take(method, path, rawBody) {
		const rule = this.rules.find(
			(candidate) =>
				(candidate.method === null || candidate.method === method) &&
				(typeof candidate.path === 'string' ? candidate.path === path : candidate.path.test(path)),
		);
		if (!rule) return null;
		const key = `${method} ${path} ${rawBody ?? ''}`;
		const copy = this.seen.get(key) ?? 0;
		this.seen.set(key, copy + 1);
		const draw = new SeededRandom(this.seed, `random-fault\u0000${key}\u0000${copy}`).float();
		let cumulative = 0;
		for (const fault of rule.faults) {
			cumulative += fault.probability;
			if (draw < cumulative) {
				const normalized = normalizeFault({ ...fault.spec, path });
				this.injected.push({ method, path, type: normalized.type, status: normalized.status });
				return normalized;
			}
		}
		return null;
	}
}

module.exports = { RandomFaults };
