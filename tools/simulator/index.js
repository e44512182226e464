'use strict';

/**
 * API simulator for the Bitel and BES voice APIs: one real HTTP server on 127.0.0.1 that
 * serves both providers (their paths do not collide), records every request, can be told
 * to misbehave (injectFault), and sends the providers' webhooks/callbacks.
 *
 * Usage:
 *   const { startSimulator, DEFAULTS } = require('../simulator');
 *   const sim = await startSimulator({ port: 0, seed: 1 });
 *   ... sim.url ...
 *   await sim.close();
 *
 * Every behaviour the docs do not pin down is listed in ./README.md ("Inferred behaviour").
 */

const http = require('http');
const { SeededRandom } = require('./lib/random');
const { FaultRegistry, FAULT_TYPES } = require('./lib/faults');
const { RandomFaults } = require('./lib/random-faults');
const { readBody, parseJsonBody, jsonResponse, textResponse, postJson } = require('./lib/http');
const bitel = require('./bitel');
const bes = require('./bes');
const { signBesCallback, besSignString, verifyBesCallback } = require('./bes-signature');
const { handleControl } = require('./control');

const HOST = '127.0.0.1';
/**
 * How long an outgoing webhook/callback may take before it is logged as failed [I]: neither
 * provider documents its timeout; 30 s because n8n answers a trigger's post only once the
 * execution is stored, which takes seconds on a busy machine (two n8n in a test run).
 */
const OUTBOUND_TIMEOUT_MS = 30000;

function deepFreeze(value) {
	if (value && typeof value === 'object') {
		Object.values(value).forEach(deepFreeze);
		Object.freeze(value);
	}
	return value;
}

const DEFAULTS = deepFreeze({
	host: HOST,
	port: 0,
	seed: 1,
	latencyMs: 0, // every provider request waits this long before it is handled (network + server time)
	bitel: {
		token: 'sim-bitel-token', // convenience: the one default token
		tokens: ['sim-bitel-token'],
		servers: ['default', 'dialer-2'],
		voiceId: '08e815cbcd724386805103ac0d45e4c2', // convenience: the docs' sample voice id
		voices: null, // null: any 32-hex voiceId is accepted
		finalAfterMs: 1500,
		statusEnvelope: 'bare',
		webhookUrl: null,
		webhookCause: 'name',
		outcomes: {},
		smsOutcomes: {}, // national number -> final SMS status name, else by the last digit
		gateways: [], // gateway numbers beyond the default 10009909
		templates: null, // null: any templateId; else templateId -> { params, pending }
		// Answer dialects (bitel-dialect.js) and a Call Status that lags behind new calls.
		fieldCase: 'camel',
		errorShape: 'code',
		batchNumbers: 'national',
		batchOrder: 'request',
		callStatus: 'documented',
		smsStatus: 'documented',
		recordId: 'id',
		notFoundStatus: 404,
		rejectionStatus: 400,
		statusNotFoundForMs: 0,
		strictTypes: false, // true: every field only in the type the pages give (repeatCount a string)
	},
	bes: {
		appKey: 'sim-app-key', // convenience: the default app
		appSecret: 'sim-app-secret',
		apps: { 'sim-app-key': 'sim-app-secret' },
		sharedKey: 'sim-shared-key-0123456789',
		signatureMode: 'sha256',
		finishAfterMs: 1500,
		trialWhitelist: null,
		voiceId: '1201763136043459597', // convenience: the docs' sample ids, both approved
		templateId: '1226170940666061826',
		// Recordings and TTS templates by approval state. The last two digits of the special
		// ids are the retCode they produce (18 wrong scene, 19 not submitted, 20 pending, 21 rejected).
		voices: {
			'1201763136043459597': 'approved',
			'1000000000000000018': 'wrong-scene',
			'1000000000000000019': 'not-submitted',
			'1000000000000000020': 'pending',
			'1000000000000000021': 'rejected',
		},
		templates: {
			'1226170940666061826': 'approved',
			'2000000000000000018': 'wrong-scene',
			'2000000000000000019': 'not-submitted',
			'2000000000000000020': 'pending',
			'2000000000000000021': 'rejected',
		},
		maxLifetime: 3600,
		defaultLifetime: 600,
		accessCode: '960003', // callerPresent when the request gives none (the docs' sample value)
		utcOffsetMinutes: 0,
		outcomes: {},
		revokeOnMint: false, // true: every token minted revokes the app's older tokens
		tokenShape: 'documented', // or camel, snake, result, data, unreadable (bes.js tokenAnswer)
		cdrSpan: 'atMost7Days', // 'under7Days': a span of exactly 7 days is refused too
		cdrPageCap: null, // a number: at most that many records per page, whatever limit asks
		cdrRepeatPages: false, // true: every offset answers the first page
		tokenHost: 'base', // 'separate': tokenByAkSk only on a second port (sim.besTokenUrl)
		businessFailureStatus: 200, // 500: createVoiceNotification's retCode failures come with HTTP 500
		cdrTypes: 'documented', // call records' times and talkDuration as strings; 'sample': numbers
	},
});

function providerFor(path) {
	if (path === '/__sim' || path.startsWith('/__sim/')) return 'control';
	if (path.startsWith('/api/')) return 'bitel';
	if (path.startsWith('/apigovernance/') || path.startsWith('/apiaccess/')) return 'bes';
	return null; // no provider serves this path: 404
}

/** A look-alike of a gateway's error page, for the 'html' fault. */
function htmlErrorPage(status) {
	const title = `${status} ${http.STATUS_CODES[status] || 'Error'}`;
	return (
		`<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n` +
		`<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
	);
}

/** A latency is a finite number of milliseconds, 0 or more. */
function checkLatency(ms) {
	const value = Number(ms);
	if (ms === null || ms === '' || !Number.isFinite(value) || value < 0)
		throw new RangeError(
			`latencyMs must be a number of milliseconds >= 0, got ${JSON.stringify(ms)}`,
		);
	return value;
}

class Simulator {
	constructor(options = {}) {
		this.seed = options.seed === undefined ? DEFAULTS.seed : options.seed;
		/** Clock (epoch ms). Replaceable for tests; defaults to the real clock. */
		this.now = typeof options.now === 'function' ? options.now : () => Date.now();
		this.url = null;
		this.port = null;
		/** Where BES's tokenByAkSk listens: the simulator's URL, or a port of its own (bes.tokenHost). */
		this.besTokenUrl = null;
		/** Every incoming request, control ones included (see requests() for a filtered view). */
		this.log = [];
		/** Every outgoing webhook (Bitel) and callback (BES) attempt with its outcome. */
		this.outbound = [];

		this.latencyMs = options.latencyMs === undefined ? DEFAULTS.latencyMs : options.latencyMs;
		this._onRequest = typeof options.onRequest === 'function' ? options.onRequest : null;
		this._onOutbound = typeof options.onOutbound === 'function' ? options.onOutbound : null;
		this._seq = 0;
		this._outboundSeq = 0;
		this._faults = new FaultRegistry();
		this._randomFaults = null; // setRandomFaults()
		this._server = null;
		this._tokenServer = null;
		this._sockets = new Set();
		this._sleepers = new Set(); // pending 'delay' faults
		this._outgoing = new Set(); // in-flight outbound ClientRequests
		this._deliveries = new Set(); // their promises
		this._sweep = null; // { timer, due }
		this._closed = false;
		this._closing = null;

		const core = {
			now: () => this.now(),
			random: (stream) => new SeededRandom(this.seed, stream),
			deliver: (spec) => this._deliver(spec),
			scheduleSweep: (due) => this._scheduleSweep(due),
		};
		this.bitel = new bitel.BitelProvider(core, { ...DEFAULTS.bitel, ...(options.bitel || {}) });
		this.bes = new bes.BesProvider(core, { ...DEFAULTS.bes, ...(options.bes || {}) });
	}

	// ---------------------------------------------------------------- public API

	/**
	 * Fixed latency of every provider request (control requests excepted), in ms. Writable:
	 * a benchmark can switch between a slow and a zero-latency provider on one simulator.
	 */
	get latencyMs() {
		return this._latencyMs;
	}

	set latencyMs(ms) {
		this._latencyMs = checkLatency(ms);
	}

	/** Log entries matching { provider?, method?, path?: string|RegExp }; control requests only when asked for. */
	requests(filter = {}) {
		const pathTest =
			filter.path instanceof RegExp
				? new RegExp(filter.path.source, filter.path.flags.replace(/[gy]/g, ''))
				: null;
		return this.log.filter((entry) => {
			if (filter.provider !== undefined) {
				if (entry.provider !== filter.provider) return false;
			} else if (entry.provider === 'control' && !filter.includeControl) {
				return false;
			}
			if (filter.method && entry.method !== String(filter.method).toUpperCase()) return false;
			if (typeof filter.path === 'string' && entry.path !== filter.path) return false;
			if (pathTest && !pathTest.test(entry.path)) return false;
			return true;
		});
	}

	/**
	 * The codes phones heard from Bitel's OTP call and OTP SMS, oldest first, of one national
	 * number or of all: `{ seq, channel: 'call'|'sms', phoneNumber, code, id, at }`.
	 */
	codesHeard(phoneNumber) {
		return this.bitel.heardCodes.list(phoneNumber);
	}

	/** Empties `log` and `outbound` in place (held references stay valid); seq numbers keep counting. */
	clearLog() {
		this.log.length = 0;
		this.outbound.length = 0;
	}

	/** Registers a fault (see lib/faults.js); returns its id. */
	injectFault(spec) {
		return this._faults.add(spec).id;
	}

	clearFaults() {
		return this._faults.clear();
	}

	listFaults() {
		return this._faults.list();
	}

	/**
	 * Seeded random faults on top of the registered ones (see lib/random-faults.js): a
	 * registered fault that matches wins, otherwise the draw decides. Replaces any earlier
	 * random faults; returns the plan, whose `injected` lists every fault drawn.
	 */
	setRandomFaults(spec) {
		this._randomFaults = new RandomFaults(spec);
		return this._randomFaults;
	}

	clearRandomFaults() {
		this._randomFaults = null;
	}

	/**
	 * Resolves with `outbound` once at least `count` outgoing deliveries have finished
	 * (answered, failed or timed out). For tests that let calls end on their own.
	 */
	waitForOutbound(count = 1, { timeoutMs = 5000 } = {}) {
		const started = Date.now();
		return new Promise((resolve, reject) => {
			const check = () => {
				if (this.outbound.filter((o) => o.done).length >= count) return resolve(this.outbound);
				if (this._closed) return reject(new Error('simulator closed'));
				if (Date.now() - started > timeoutMs) {
					return reject(new Error(`waited ${timeoutMs} ms for ${count} outbound deliveries`));
				}
				setTimeout(check, 10);
			};
			check();
		});
	}

	/**
	 * Settles every call, SMS and BES notification whose time has come by the simulator's clock,
	 * dated at its own due time, and sends their webhooks/callbacks. The sweep timer does this by
	 * itself in real time; call it after moving an injected clock (`now`) and before reading
	 * `bitel.calls`, `bitel.messages` or `bes.notifications`, whose reads change nothing. The
	 * records change at once; the Promise resolves (to them) once their webhooks are answered.
	 */
	settleDue() {
		const settled = [...this.bitel.settleDue(), ...this.bes.settleDue()];
		this._scheduleSweep();
		return Promise.all(settled);
	}

	/** Stops everything: sweep timer, delayed requests, outgoing deliveries, open sockets. */
	close() {
		if (this._closing) return this._closing;
		this._closed = true;
		if (this._sweep) clearTimeout(this._sweep.timer);
		this._sweep = null;
		for (const sleeper of this._sleepers) {
			clearTimeout(sleeper.timer);
			sleeper.resolve(false);
		}
		this._sleepers.clear();
		for (const req of this._outgoing) req.destroy(new Error('simulator closed'));
		const serversClosed = [this._server, this._tokenServer].map(
			(server) =>
				new Promise((resolve) => {
					if (!server || !server.listening) return resolve();
					server.close(() => resolve());
				}),
		);
		for (const socket of this._sockets) socket.destroy();
		this._closing = Promise.all([...serversClosed, ...this._deliveries]).then(() => undefined);
		return this._closing;
	}

	// ---------------------------------------------------------------- server

	async _listen(port) {
		this._server = await this._serve(port, 'main');
		this.port = this._server.address().port;
		this.url = `http://${HOST}:${this.port}`;
		this.besTokenUrl = this.url;
		if (this.bes.options.tokenHost === 'separate') {
			this._tokenServer = await this._serve(0, 'token');
			this.besTokenUrl = `http://${HOST}:${this._tokenServer.address().port}`;
		}
	}

	/** One listening server; `listener` says which ('token': BES's tokenByAkSk alone). */
	async _serve(port, listener) {
		const server = http.createServer((req, res) => {
			this._handle(req, res, listener).catch((error) => {
				// Only reached on a simulator bug; make it loud but keep serving.
				console.error('[simulator] unexpected error', error);
				if (!res.headersSent && !res.destroyed) {
					res.writeHead(500, { 'content-type': 'text/plain' });
					res.end(`simulator error: ${error.message}`);
				}
			});
		});
		server.on('connection', (socket) => {
			this._sockets.add(socket);
			socket.on('close', () => this._sockets.delete(socket));
		});
		await new Promise((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, HOST, () => {
				server.off('error', reject);
				resolve();
			});
		});
		return server;
	}

	async _handle(req, res, listener = 'main') {
		const url = new URL(req.url, `http://${HOST}`);
		const path = url.pathname;
		const provider = providerFor(path);
		const entry = {
			seq: ++this._seq,
			provider,
			method: req.method,
			path,
			query: Object.fromEntries(url.searchParams),
			headers: { ...req.headers }, // Node already lower-cases header names
			body: null,
			responseStatus: null,
			fault: null,
			time: this.now(),
		};
		this.log.push(entry);

		let raw;
		try {
			raw = await readBody(req);
		} catch {
			return this._emitRequest(entry); // the client went away mid-body
		}
		const json = parseJsonBody(raw);
		entry.body = json.ok ? json.value : raw === '' ? null : raw;
		const ctx = {
			listener,
			method: req.method,
			path,
			query: entry.query,
			headers: req.headers,
			rawBody: raw,
			json,
		};

		if (provider === 'control') {
			return this._respond(res, entry, await this._process(() => handleControl(this, ctx)));
		}

		// Requests wait side by side, like round trips to a distant server, not in a queue.
		if (this.latencyMs > 0 && !(await this._sleep(this.latencyMs))) return this._drop(req, entry);

		const fault =
			this._faults.take(req.method, path) ||
			(this._randomFaults && this._randomFaults.take(req.method, path, raw));
		if (fault) entry.fault = fault.type;
		const extraHeaders =
			fault && fault.retryAfter !== null ? { 'retry-after': String(fault.retryAfter) } : {};

		switch (fault && fault.type) {
			case 'drop-before': // nothing processed: no call is created
				return this._drop(req, entry);
			case 'status':
				return this._respond(res, entry, this._faultBody(provider, fault, extraHeaders));
			case 'html':
				return this._respond(
					res,
					entry,
					fault.body !== null
						? this._faultBody(provider, fault, extraHeaders)
						: textResponse(
								fault.status,
								htmlErrorPage(fault.status),
								'text/html; charset=utf-8',
								extraHeaders,
							),
				);
			case 'delay':
				if (!(await this._sleep(fault.delayMs))) return this._drop(req, entry); // closed meanwhile
				break;
			default:
				break;
		}

		const response = await this._process(() => this._route(provider, ctx));
		if (fault && fault.type === 'drop-after') return this._drop(req, entry); // processed, never answered
		if (fault && fault.type === 'status-after') {
			// Processed (calls are placed), then answered with an error, like a proxy that fails late.
			return this._respond(res, entry, this._faultBody(provider, fault, extraHeaders));
		}
		if (fault && fault.type === 'malformed-json') {
			// Cut the real body in half: a strict prefix of a JSON object/array never parses.
			const text = response.body;
			const cut = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
			return this._respond(res, entry, { status: 200, headers: response.headers, body: cut });
		}
		return this._respond(res, entry, response);
	}

	_route(provider, ctx) {
		if (ctx.listener === 'token' && provider !== 'bes')
			return bes.httpError(404, 'Not Found: only tokenByAkSk is served here.');
		if (provider === 'bitel') return this.bitel.handle(ctx);
		if (provider === 'bes') return this.bes.handle(ctx);
		return jsonResponse(404, {
			error: 'NoSuchRoute',
			message: `the simulator serves nothing at ${ctx.path}`,
		});
	}

	async _process(fn) {
		try {
			return await fn();
		} catch (error) {
			console.error('[simulator] handler error', error);
			return jsonResponse(500, { error: 'SimulatorError', message: error.message });
		}
	}

	/** The body of a 'status' fault (or an 'html' fault with a custom body), in the provider's dialect. */
	_faultBody(provider, fault, headers) {
		const { status, body } = fault;
		if (body !== null) {
			if (typeof body === 'string') {
				const looksJson = parseJsonBody(body).ok;
				return textResponse(
					status,
					body,
					looksJson ? 'application/json' : 'text/plain; charset=utf-8',
					headers,
				);
			}
			return jsonResponse(status, body, 'application/json', headers);
		}
		if (provider === 'bes')
			return bes.httpError(status, http.STATUS_CODES[status] || 'Error', headers);
		return bitel.errorResponse(status, headers);
	}

	_respond(res, entry, response) {
		if (!res.destroyed && !res.writableEnded) {
			res.writeHead(response.status, {
				...response.headers,
				'content-length': Buffer.byteLength(response.body, 'utf8'),
			});
			res.end(response.body);
			entry.responseStatus = response.status;
		}
		this._emitRequest(entry);
	}

	_drop(req, entry) {
		req.socket.destroy();
		entry.responseStatus = null;
		this._emitRequest(entry);
	}

	_emitRequest(entry) {
		if (!this._onRequest) return;
		try {
			this._onRequest(entry);
		} catch (error) {
			console.error('[simulator] onRequest listener failed', error);
		}
	}

	/** Resolves true after `ms`, or false if the simulator closes first. */
	_sleep(ms) {
		if (this._closed) return Promise.resolve(false);
		return new Promise((resolve) => {
			const sleeper = {
				resolve,
				timer: setTimeout(() => {
					this._sleepers.delete(sleeper);
					resolve(true);
				}, ms),
			};
			this._sleepers.add(sleeper);
		});
	}

	// ---------------------------------------------------------------- outbound + time

	/** POSTs a webhook/callback, logs the attempt in `outbound`; never rejects. No retries [I]. */
	_deliver({ provider, kind, ref, url, headers, body }) {
		const entry = {
			seq: ++this._outboundSeq,
			provider,
			kind,
			ref,
			method: 'POST',
			url,
			headers,
			body,
			status: null,
			responseBody: null,
			error: null,
			done: false,
			time: this.now(),
		};
		this.outbound.push(entry);
		if (this._closed) {
			entry.error = 'simulator closed';
			entry.done = true;
			return Promise.resolve(entry);
		}
		const track = (req) => {
			this._outgoing.add(req);
			req.on('close', () => this._outgoing.delete(req));
		};
		const delivery = postJson(url, body, headers, { timeoutMs: OUTBOUND_TIMEOUT_MS, track }).then(
			(outcome) => {
				entry.status = outcome.status;
				entry.responseBody = outcome.body;
				entry.error = outcome.error;
				entry.done = true;
				this._deliveries.delete(delivery);
				if (this._onOutbound) {
					try {
						this._onOutbound(entry);
					} catch (error) {
						console.error('[simulator] onOutbound listener failed', error);
					}
				}
				return entry;
			},
		);
		this._deliveries.add(delivery);
		return delivery;
	}

	/**
	 * One timer for both providers, armed for the earliest pending call/notification, so that
	 * webhooks/callbacks go out on time even when nobody polls (a status request and settleDue()
	 * settle what is due as well). unref(): a forgotten close() never keeps a test
	 * process alive (close() still clears it).
	 * `newDue`: the due time of a record just created. The timer is always armed for the
	 * earliest pending record, so the earliest is now the sooner of the two, found without
	 * scanning every record: a scan per created call made a batch of N calls cost N²/2.
	 */
	_scheduleSweep(newDue) {
		if (this._closed) return;
		// A record that never comes due on its own (Infinity) changes nothing armed for others.
		if (newDue === Infinity) return;
		const due = newDue ?? Math.min(this.bitel.nextDue(), this.bes.nextDue());
		if (due === Infinity) {
			if (this._sweep) clearTimeout(this._sweep.timer);
			this._sweep = null;
			return;
		}
		if (this._sweep && this._sweep.due <= due) return;
		if (this._sweep) clearTimeout(this._sweep.timer);
		const delay = Math.min(Math.max(due - this.now(), 1), 2 ** 31 - 1);
		const timer = setTimeout(() => {
			this._sweep = null;
			this.settleDue();
		}, delay);
		timer.unref();
		this._sweep = { timer, due };
	}
}

/** Starts a simulator on 127.0.0.1:`options.port` (0 = any free port). */
async function startSimulator(options = {}) {
	const sim = new Simulator(options);
	await sim._listen(options.port === undefined ? 0 : options.port);
	return sim;
}

module.exports = {
	startSimulator,
	Simulator,
	DEFAULTS,
	FAULT_TYPES,
	signBesCallback,
	besSignString,
	verifyBesCallback,
	formatBesTime: bes.formatBesTime,
	BITEL_STATUS_CODES: bitel.STATUS_CODES,
	BES_PATHS: bes.PATHS,
};
