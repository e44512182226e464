'use strict';

const FAULT_TYPES = Object.freeze([
	'status',
	'delay',
	'drop-before',
	'drop-after',
	'status-after',
	'malformed-json',
	'html',
]);

/**
 * Registered faults, consumed first-registered-first. A fault matches on the request's
 * pathname (exact string, or RegExp tested against it) and optionally its method; each
 * match uses up one of its `times` (default 1, Infinity allowed), and a used-up fault is
 * removed. Control requests (/__sim/...) are never faulted.
 */
class FaultRegistry {
	constructor() {
		this.faults = [];
		this.nextId = 1;
	}

	add(spec) {
		const fault = normalizeFault(spec);
		fault.id = this.nextId++;
		this.faults.push(fault);
		return fault;
	}

	take(method, path) {
		const index = this.faults.findIndex(
			(f) =>
				(f.method === null || f.method === method) &&
				(typeof f.path === 'string' ? f.path === path : f.path.test(path)),
		);
		if (index < 0) return null;
		const fault = this.faults[index];
		if (fault.skip > 0) {
			// Lets the first `skip` matching requests through untouched ("the 4th request fails").
			fault.skip -= 1;
			return null;
		}
		fault.remaining -= 1;
		if (fault.remaining <= 0) this.faults.splice(index, 1);
		return fault;
	}

	clear() {
		const count = this.faults.length;
		this.faults.length = 0;
		return count;
	}

	/** JSON-friendly view (RegExp and Infinity do not survive JSON.stringify). */
	list() {
		return this.faults.map((f) => ({
			id: f.id,
			type: f.type,
			method: f.method,
			path: typeof f.path === 'string' ? f.path : null,
			pathRegex: typeof f.path === 'string' ? null : f.path.source,
			remaining: f.remaining === Infinity ? 'Infinity' : f.remaining,
			skip: f.skip,
			status: f.status,
			retryAfter: f.retryAfter,
			delayMs: f.delayMs,
		}));
	}
}

function normalizeFault(spec) {
	if (!spec || typeof spec !== 'object') throw new TypeError('fault spec must be an object');
	const { type } = spec;
	if (!FAULT_TYPES.includes(type)) {
		throw new TypeError(
			`fault type must be one of ${FAULT_TYPES.join(', ')}; got ${JSON.stringify(type)}`,
		);
	}

	// Over HTTP a RegExp arrives as { pathRegex: "...", pathRegexFlags?: "i" }.
	let path = spec.path;
	if (path === undefined && typeof spec.pathRegex === 'string') {
		path = new RegExp(spec.pathRegex, spec.pathRegexFlags || '');
	}
	if (!(typeof path === 'string' || path instanceof RegExp)) {
		throw new TypeError('fault needs `path` (string or RegExp) or `pathRegex` (string)');
	}
	if (path instanceof RegExp && (path.global || path.sticky)) {
		// A /g or /y RegExp keeps lastIndex between test() calls and would match every other time.
		path = new RegExp(path.source, path.flags.replace(/[gy]/g, ''));
	}

	// JSON has no Infinity, so the control API also accepts "Infinity" (or null/-1).
	let times = spec.times === undefined ? 1 : spec.times;
	if (times === 'Infinity' || times === null || times === -1) times = Infinity;
	if (!(times === Infinity || (Number.isInteger(times) && times > 0))) {
		throw new TypeError('fault `times` must be a positive integer or Infinity');
	}

	const method = spec.method ? String(spec.method).toUpperCase() : null;
	const status =
		spec.status === undefined
			? type === 'html'
				? 502
				: type === 'status'
					? 500
					: null
			: spec.status;
	if (status !== null && !(Number.isInteger(status) && status >= 100 && status <= 599)) {
		throw new TypeError('fault `status` must be an HTTP status code');
	}
	const delayMs = spec.delayMs === undefined ? (type === 'delay' ? 1000 : null) : spec.delayMs;
	if (delayMs !== null && !(typeof delayMs === 'number' && delayMs >= 0)) {
		throw new TypeError('fault `delayMs` must be a non-negative number');
	}
	const skip = spec.skip === undefined ? 0 : spec.skip;
	if (!(Number.isInteger(skip) && skip >= 0)) {
		throw new TypeError('fault `skip` must be a whole number of requests');
	}
	const retryAfter = spec.retryAfter === undefined ? null : spec.retryAfter;
	if (retryAfter !== null && !(Number.isInteger(retryAfter) && retryAfter >= 0)) {
		throw new TypeError('fault `retryAfter` must be a whole number of seconds');
	}

	return {
		id: null,
		type,
		path,
		method,
		remaining: times,
		skip,
		status,
		retryAfter,
		delayMs,
		body: spec.body === undefined ? null : spec.body,
	};
}

module.exports = { FaultRegistry, FAULT_TYPES, normalizeFault };
