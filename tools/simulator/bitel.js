'use strict';

/**
 * Bitel REST API v2, voice part only (see docs/providers/bitel.md).
 *
 * Modelled: Bearer auth on every endpoint, the {result, error} envelope, the five voice
 * send endpoints, Call Status, and the panel-configured call-ended webhook.
 * SMS (send endpoints, SMS Status, SMS webhook) lives in bitel-sms.js, routed from here.
 * Deliberately not modelled: Files (the Files pages were never retrievable, so
 * their paths would be invented), and the retryCount redial loop (invisible from outside:
 * the record just stays WAITING until it is final).
 */

const { jsonResponse, isPlainObject, pascalReason } = require('./lib/http');
const { applyDialect, checkDialect, DIALECT_DEFAULTS } = require('./bitel-dialect');
const sms = require('./bitel-sms');
const { HeardCodes } = require('./bitel-codes');

const CONTENT_TYPE = 'application/json; charset=utf-8'; // [I] ASP.NET default

/** The Call Status table (docs/providers/bitel.md) [C]. */
const STATUS_CODES = Object.freeze({
	WAITING: 0,
	NORMAL: 1,
	NO_ANSWER: 2,
	USER_BUSY: 3,
	EXPIRED: 10,
	ERROR: 11,
	UNKNOWN: 20,
});

/** [I] Outcome when `outcomes` does not name the number: chosen by its last digit. */
const OUTCOME_BY_LAST_DIGIT = Object.freeze([
	'NORMAL', // 0
	'NORMAL', // 1
	'NORMAL', // 2
	'NORMAL', // 3
	'NORMAL', // 4
	'NORMAL', // 5
	'NORMAL', // 6
	'NO_ANSWER', // 7
	'USER_BUSY', // 8
	'ERROR', // 9
]);

/** National 11-digit form: mobile 09…, landline 0 + area code (area codes never start with 0). */
const PHONE_RE = /^0[1-9]\d{9}$/;
/** Voice ids in the docs are 32 hex chars [C]. */
const VOICE_ID_RE = /^[0-9a-fA-F]{32}$/;
/** OTP `text`: "only numeric and less than 6 characters" [C]. */
const OTP_TEXT_RE = /^\d{1,5}$/;
const MAX_BATCH = 100; // [C] "up to 100 phone numbers"
/** [I] Chosen so the docs' sample (billSec 12, price -34.2) comes out exactly. */
const PRICE_PER_SECOND = 2.85;
/** [I] Flat charge (Toman) for a final call that was not answered. */
const ATTEMPT_FEE = 1.5;

/**
 * The five send endpoints. `voiceId`: 'required' | 'optional' | null (not a field there);
 * `text`: 'otp' | 'tts' | null; `numbers`: 'single' (phoneNumber) | 'batch' (phoneNumbers).
 */
const SEND_ENDPOINTS = Object.freeze({
	'/api/v2/voice/otp': {
		kind: 'otp',
		numbers: 'single',
		voiceId: 'optional',
		text: 'otp',
		repeatCount: true,
	},
	'/api/v2/voice/single': { kind: 'single', numbers: 'single', voiceId: 'required', text: null },
	'/api/v2/voice/single/tts': { kind: 'single/tts', numbers: 'single', voiceId: null, text: 'tts' },
	'/api/v2/voice/batch': { kind: 'batch', numbers: 'batch', voiceId: 'required', text: null },
	'/api/v2/voice/batch/tts': { kind: 'batch/tts', numbers: 'batch', voiceId: null, text: 'tts' },
});
const STATUS_PATH_RE = /^\/api\/v2\/voice\/status\/([^/]+)$/;

function envelope(status, result, error, headers) {
	return jsonResponse(status, { result, error }, CONTENT_TYPE, headers);
}

const invalid = (code) => envelope(400, null, code);

/** An HTTP-level error in Bitel's envelope, e.g. 429 -> {"result":null,"error":"TooManyRequests"} [I]. */
function errorResponse(status, headers) {
	return envelope(status, null, pascalReason(status), headers);
}

/** The eight fields the API shows; everything else on a stored call is simulator bookkeeping. */
function publicRecord(call) {
	return {
		id: call.id,
		phoneNumber: call.phoneNumber,
		status: call.status,
		statusCode: call.statusCode,
		billSec: call.billSec,
		requestDate: call.requestDate,
		executionDate: call.executionDate,
		price: call.price,
	};
}

const isAbsent = (value) => value === undefined || value === null;

class BitelProvider {
	/**
	 * @param core  { now(), random(stream), deliver(spec) -> Promise, scheduleSweep(newDue?) }
	 * @param options  already merged with DEFAULTS.bitel
	 */
	constructor(core, options) {
		this.core = core;
		this.options = options;
		this.tokens = new Set(options.tokens);
		this.servers = new Set(options.servers);
		this.voices = options.voices ? new Set(options.voices) : null;
		this.webhookUrl = null;
		this.idRandom = core.random('bitel.id');
		this.billRandom = core.random('bitel.billSec');
		/**
		 * id -> call record (the 8 public fields + bookkeeping). Reading it changes nothing: a call
		 * whose time has come is settled by the sweep timer, by Call Status, or by settleDue().
		 */
		this.calls = new Map();
		/** id -> SMS (bitel-sms.js records + bookkeeping), kept apart: SMS Status never finds a call. */
		this.messages = new Map();
		this.gateways = new Set([sms.DEFAULT_GATEWAY, ...(options.gateways || [])]);
		/** The code of every OTP call and OTP SMS, as the phone heard it (bitel-codes.js). */
		this.heardCodes = new HeardCodes();

		for (const [number, outcome] of Object.entries(options.outcomes || {})) {
			if (!(outcome in STATUS_CODES) || outcome === 'WAITING') {
				throw new TypeError(
					`bitel.outcomes[${number}]: unknown final status ${JSON.stringify(outcome)}`,
				);
			}
		}
		if (!['bare', 'enveloped'].includes(options.statusEnvelope)) {
			throw new TypeError("bitel.statusEnvelope must be 'bare' or 'enveloped'");
		}
		if (!['name', 'code'].includes(options.webhookCause)) {
			throw new TypeError("bitel.webhookCause must be 'name' or 'code'");
		}
		checkDialect(options);
		if (typeof options.strictTypes !== 'boolean') {
			throw new TypeError('bitel.strictTypes must be true or false');
		}
		if (!(options.statusNotFoundForMs >= 0)) {
			throw new TypeError('bitel.statusNotFoundForMs must be a number of ms, 0 or more');
		}
		this.setWebhookUrl(options.webhookUrl || null);
	}

	// ---------------------------------------------------------------- public controls

	/**
	 * Changes answer dialect options (bitel-dialect.js) from now on, checked like the
	 * constructor's, so that one simulator (one n8n of an e2e suite) serves several dialects.
	 */
	setDialect(changes) {
		for (const name of Object.keys(changes)) {
			if (!(name in DIALECT_DEFAULTS)) throw new TypeError(`bitel.${name} is not a dialect option`);
		}
		const options = { ...this.options, ...changes };
		checkDialect(options);
		this.options = options;
	}

	/** Like the Webhooks section of Bitel's panel: one URL per project, or null for none. */
	setWebhookUrl(url) {
		if (url !== null) {
			let parsed;
			try {
				parsed = new URL(url);
			} catch {
				throw new TypeError(`webhook URL is not a URL: ${JSON.stringify(url)}`);
			}
			if (!['http:', 'https:'].includes(parsed.protocol))
				throw new TypeError('webhook URL must be http(s)');
		}
		this.webhookUrl = url;
	}

	/**
	 * Forces every WAITING call to its final status now. The state change is synchronous;
	 * the returned Promise resolves (to the settled records) once their webhooks are answered.
	 */
	settleAll() {
		const at = this.core.now();
		const deliveries = [];
		const settled = [];
		for (const call of this.calls.values()) {
			if (call.status !== 'WAITING') continue;
			deliveries.push(this.settle(call, at));
			settled.push(call);
		}
		for (const message of this.messages.values()) {
			if (message.status !== 'WAITING') continue;
			deliveries.push(this.settleSms(message, at));
			settled.push(message);
		}
		this.core.scheduleSweep();
		return Promise.all(deliveries).then(() => settled);
	}

	// ---------------------------------------------------------------- time

	/** Earliest time (epoch ms) a call becomes final, or Infinity when none is pending. */
	nextDue() {
		let due = Infinity;
		for (const call of this.calls.values()) {
			if (call.status === 'WAITING' && call.finalAt < due) due = call.finalAt;
		}
		for (const message of this.messages.values()) {
			if (message.status === 'WAITING' && message.finalAt < due) due = message.finalAt;
		}
		return due;
	}

	/** Settles the calls whose time has come, dated at their own due time (not "now"). */
	settleDue() {
		const now = this.core.now();
		const deliveries = [];
		for (const call of this.calls.values()) {
			if (call.status === 'WAITING' && call.finalAt <= now)
				deliveries.push(this.settle(call, call.finalAt));
		}
		for (const message of this.messages.values()) {
			if (message.status === 'WAITING' && message.finalAt <= now)
				deliveries.push(this.settleSms(message, message.finalAt));
		}
		return deliveries;
	}

	settle(call, atMs) {
		const outcome = call.plannedOutcome;
		call.status = outcome;
		call.statusCode = STATUS_CODES[outcome];
		call.billSec = outcome === 'NORMAL' ? call.plannedBillSec : 0;
		call.executionDate = Math.max(call.requestDate, Math.floor(atMs / 1000));
		// Charges are negative in the API [C]; the amounts are [I].
		const charge = outcome === 'NORMAL' ? call.billSec * PRICE_PER_SECOND : ATTEMPT_FEE;
		call.price = -Math.round(charge * 10) / 10;
		return this.sendWebhook(call);
	}

	/** Exactly one POST per call when it concludes, if a webhook URL is set at that moment [C]. */
	sendWebhook(call) {
		return this.postWebhook(call, () =>
			callEndedBody(call, this.options.webhookCause === 'code' ? call.statusCode : call.status),
		);
	}

	/**
	 * One webhook POST for a concluded call or SMS (`record`), noting on it whether it was sent;
	 * `body` is built only when a webhook URL is set.
	 */
	postWebhook(record, body) {
		if (!this.webhookUrl) {
			record.webhook = 'not-configured';
			return Promise.resolve(null);
		}
		record.webhook = 'sent';
		return this.core.deliver({
			provider: 'bitel',
			kind: 'webhook',
			ref: record.id,
			url: this.webhookUrl,
			headers: { 'content-type': CONTENT_TYPE },
			body: body(),
		});
	}

	/** An SMS reaches its final status; CHECK_OK stays (no later delivery report is modelled). */
	settleSms(message, atMs) {
		message.status = message.plannedOutcome;
		message.statusCode = sms.SMS_STATUS_CODES[message.status];
		message.settledAt = atMs;
		message.price = ['ERROR', 'BLACKLIST', 'CHECK_ERROR'].includes(message.status)
			? 0
			: -message.partCount * sms.PRICE_PER_PART;
		// SMS webhook properties [C]; requestId taken to be the send answer's id [I].
		return this.postWebhook(message, () => ({
			requestId: message.id,
			batchId: message.batchId,
			balanceSubtracted: -message.price,
			cause: message.status,
			smsCount: message.partCount,
			requestDate: message.requestDate,
			deliveryStatus: message.status,
		}));
	}

	sendSms(kind, body) {
		const error = sms.validateSms(kind, body, this.gateways, this.options.templates);
		if (error) return invalid(error);
		const numbers = kind === 'batch' || kind === 'p2p' ? body.phoneNumbers : [body.phoneNumber];
		const texts = sms.messagesOf(kind, body);
		const batchId =
			numbers.length > 1 || kind === 'batch' || kind === 'p2p' ? this.idRandom.hex(32) : null;
		const now = this.core.now();
		const records = numbers.map((phoneNumber, index) => {
			let id;
			do id = this.idRandom.hex(32);
			while (this.messages.has(id));
			const configured = this.options.smsOutcomes && this.options.smsOutcomes[phoneNumber];
			let plannedOutcome =
				configured || sms.SMS_OUTCOME_BY_LAST_DIGIT[Number(phoneNumber.slice(-1))];
			if (kind === 'otp' && plannedOutcome === 'BLACKLIST') plannedOutcome = 'DELIVERED';
			const message = {
				id,
				gatewayNumber: body.gatewayNumber || sms.DEFAULT_GATEWAY,
				phoneNumber,
				message: texts[index],
				requestDate: Math.floor(now / 1000),
				status: 'WAITING',
				statusCode: 0,
				partCount: sms.partCount(texts[index]),
				price: 0,
				// bookkeeping
				endpoint: `sms/${kind}`,
				batchId,
				request: body,
				createdAt: now,
				finalAt: now + this.options.finalAfterMs,
				plannedOutcome,
				webhook: null,
			};
			this.messages.set(id, message);
			if (kind === 'otp') this.heardCodes.record('sms', message, body.code);
			return sms.sendRecord(message);
		});
		this.core.scheduleSweep(now + this.options.finalAfterMs);
		return envelope(200, numbers.length === 1 && !batchId ? records[0] : records, null);
	}

	smsStatus(id) {
		this.settleDue();
		const message = this.messages.get(id);
		if (!message) return envelope(404, null, 'NotFound'); // [?] probably NotFound
		return envelope(200, sms.statusRecord(message), null);
	}

	// ---------------------------------------------------------------- HTTP

	/** Answers one request, written in the configured dialect (see bitel-dialect.js). */
	handle(ctx) {
		return applyDialect(this.answer(ctx), this.options, ctx.path);
	}

	answer(ctx) {
		const smsSend = sms.SMS_SEND_ENDPOINTS[ctx.path];
		const smsStatusMatch = sms.SMS_STATUS_PATH_RE.exec(ctx.path);
		const send = SEND_ENDPOINTS[ctx.path] || smsSend;
		const statusMatch = STATUS_PATH_RE.exec(ctx.path) || smsStatusMatch;
		if (!send && !statusMatch) return envelope(404, null, 'NotFound');
		const method = send ? 'POST' : 'GET';
		if (ctx.method !== method) return envelope(405, null, 'MethodNotAllowed', { allow: method });

		// [C] every endpoint needs the token; [I] body shape and WWW-Authenticate header.
		if (!this.isAuthorized(ctx.headers.authorization)) {
			return envelope(401, null, 'Unauthorized', { 'www-authenticate': 'Bearer' });
		}

		if (statusMatch) {
			let id = statusMatch[1];
			try {
				id = decodeURIComponent(id);
			} catch {
				// a malformed %-escape cannot name a call: keep it raw, it answers NotFound
			}
			return smsStatusMatch ? this.smsStatus(id) : this.status(id);
		}

		if (!ctx.json.ok || !isPlainObject(ctx.json.value)) return invalid('InvalidRequest');
		const body = ctx.json.value;
		if (smsSend) return this.sendSms(smsSend, body);
		const error = this.validate(send, body);
		if (error) return invalid(error);

		if (send.numbers === 'single') {
			return envelope(200, publicRecord(this.createCall(send, body, body.phoneNumber, null)), null);
		}
		// Batch: one record per number, same order. The batch id is only visible in webhooks
		// (`campaignId`), because v2 batch responses carry none [C].
		const campaignId = this.idRandom.hex(32);
		const records = body.phoneNumbers.map((n) =>
			publicRecord(this.createCall(send, body, n, campaignId)),
		);
		return envelope(200, records, null);
	}

	isAuthorized(header) {
		// [I] scheme word case-insensitive (v1 code sent "bearer"); the token itself is exact.
		const match = /^bearer\s+(\S+)\s*$/i.exec(header || '');
		return Boolean(match) && this.tokens.has(match[1]);
	}

	status(id) {
		this.settleDue(); // statuses up to date first (fires the webhooks of calls that just ended)
		const call = this.calls.get(id);
		if (!call) return envelope(404, null, 'NotFound');
		// Option: a call that Call Status does not know yet in its first moments, as a
		// store that is written after the send answers would do [I].
		if (this.core.now() - call.createdAt < this.options.statusNotFoundForMs)
			return envelope(404, null, 'NotFound');
		// [C] the docs print the 200 body bare, unlike every other response.
		return this.options.statusEnvelope === 'enveloped'
			? envelope(200, publicRecord(call), null)
			: jsonResponse(200, publicRecord(call), CONTENT_TYPE);
	}

	/**
	 * Returns null or an error code. Shape and type errors come first (InvalidRequest); an
	 * unknown serverId (InvalidServer) is only reported for an otherwise valid request [I].
	 * A batch is atomic: one bad number rejects the whole request [I].
	 */
	validate(spec, body) {
		if (spec.numbers === 'single') {
			if (typeof body.phoneNumber !== 'string' || !PHONE_RE.test(body.phoneNumber))
				return 'InvalidRequest';
		} else {
			const list = body.phoneNumbers;
			if (!Array.isArray(list) || list.length < 1 || list.length > MAX_BATCH)
				return 'InvalidRequest';
			if (!list.every((n) => typeof n === 'string' && PHONE_RE.test(n))) return 'InvalidRequest';
		}

		if (spec.text === 'otp' && (typeof body.text !== 'string' || !OTP_TEXT_RE.test(body.text))) {
			return 'InvalidRequest';
		}
		if (spec.text === 'tts' && (typeof body.text !== 'string' || body.text.trim() === ''))
			return 'InvalidRequest';

		if (spec.voiceId === 'required' && isAbsent(body.voiceId)) return 'InvalidRequest';
		if (spec.voiceId && !isAbsent(body.voiceId) && !this.isKnownVoice(body.voiceId))
			return 'InvalidRequest';

		// retryCount is documented as a number [C]; must be a whole number >= 0 [I].
		if (
			!isAbsent(body.retryCount) &&
			!(Number.isInteger(body.retryCount) && body.retryCount >= 0)
		) {
			return 'InvalidRequest';
		}
		// repeatCount: the OTP Call table types it "string" [C]; a positive integer [I]. Lenient by
		// default (a JSON number too); `strictTypes` takes only the page's type.
		if (spec.repeatCount && !isAbsent(body.repeatCount)) {
			const r = body.repeatCount;
			const asText = typeof r === 'string' && /^[1-9]\d*$/.test(r);
			const asNumber = !this.options.strictTypes && Number.isInteger(r) && r >= 1;
			if (!asText && !asNumber) return 'InvalidRequest';
		}

		if (!isAbsent(body.serverId)) {
			if (typeof body.serverId !== 'string') return 'InvalidRequest';
			if (!this.servers.has(body.serverId)) return 'InvalidServer';
		}
		return null;
	}

	isKnownVoice(voiceId) {
		if (typeof voiceId !== 'string' || !VOICE_ID_RE.test(voiceId)) return false;
		return this.voices === null || this.voices.has(voiceId);
	}

	outcomeFor(phoneNumber) {
		const configured = this.options.outcomes && this.options.outcomes[phoneNumber];
		return configured || OUTCOME_BY_LAST_DIGIT[Number(phoneNumber.slice(-1))];
	}

	createCall(spec, body, phoneNumber, campaignId) {
		const now = this.core.now();
		let id;
		do id = this.idRandom.hex(32);
		while (this.calls.has(id));
		// Drawn for every call, so the n-th call's billSec does not depend on earlier outcomes.
		const plannedBillSec = this.billRandom.int(3, 60);
		const call = {
			// the public record
			id,
			phoneNumber,
			status: 'WAITING',
			statusCode: 0,
			billSec: 0,
			requestDate: Math.floor(now / 1000),
			executionDate: 0,
			price: 0.0,
			// bookkeeping, never sent over the API
			endpoint: spec.kind,
			campaignId,
			serverId: isAbsent(body.serverId) ? null : body.serverId,
			request: body,
			createdAt: now,
			finalAt: now + this.options.finalAfterMs,
			plannedOutcome: this.outcomeFor(phoneNumber),
			plannedBillSec,
			webhook: null, // 'sent' | 'not-configured' once final
		};
		this.calls.set(id, call);
		if (spec.kind === 'otp') this.heardCodes.record('call', call, body.text);
		this.core.scheduleSweep(call.finalAt);
		return call;
	}
}

/** The body of the call-ended webhook for a final call record; `cause` is its status name or code. */
function callEndedBody(call, cause) {
	return {
		requestId: call.id,
		campaignId: call.campaignId,
		balanceSubtracted: -call.price,
		cause,
		billSec: call.billSec,
		number: call.phoneNumber,
		requestDate: call.requestDate,
	};
}

module.exports = {
	BitelProvider,
	callEndedBody,
	errorResponse,
	STATUS_CODES,
	OUTCOME_BY_LAST_DIGIT,
	PRICE_PER_SECOND,
	ATTEMPT_FEE,
};
