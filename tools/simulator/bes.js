'use strict';

/**
 * Huawei CEC "BES" voice notification API (see docs/providers/bes.md).
 *
 * Modelled: tokenByAkSk, createVoiceNotification v2 (variant B: X-APP-Key mandatory,
 * Base64 callBackUrl, full retCode table), the release-event callback with its signature,
 * and queryCallDetailRecord. Deliberately not modelled: v1 create, queryCallState,
 * queryVoiceNotificationRecording, createVoiceTemplate, the GUI-configured callback URL and
 * the callback-URL trustlist (all outside what the node uses, or not described well enough).
 */

const { jsonResponse, isPlainObject } = require('./lib/http');
const { signBesCallback } = require('./bes-signature');

/** As in the documented queryCallDetailRecord response headers [C]. */
const CONTENT_TYPE = 'application/json;charset=UTF-8';

const PATHS = Object.freeze({
	token: '/apigovernance/api/oauth/tokenByAkSk',
	create: '/apiaccess/rest/voiceNotification/v2/createVoiceNotification',
	cdr: '/apiaccess/CC-Management/v1/mobileAgent/queryCallDetailRecord',
});

/** retMsg texts for createVoiceNotification, after the createVoiceNotification retCode table (docs/providers/bes.md; 36 from v1). */
const CREATE_RET_MSG = Object.freeze({
	0: 'Created successfully.',
	5: 'The called number is empty or its format is incorrect.',
	7: 'callerPresent verification failed.',
	9: 'callBackUrl does not meet the requirements.',
	10: 'playTimes must be between 1 and 5.',
	11: 'playList is empty or contains more than 5 items.',
	12: 'Exactly one of voiceId, voiceFileName and templateId must be set in each playList item.',
	13: 'A single variable exceeds 32 bytes.',
	14: 'templateParams contains $, { or }.',
	15: 'templateParams is empty or contains more than 10 items.',
	16: 'The tenant is in trial commercial use and the called number is not in the whitelist.',
	17: 'The voice or TTS file data does not exist.',
	18: 'The recording or TTS file is not for the voice notification scenario.',
	19: 'The recording or TTS file has not been submitted.',
	20: 'The recording or TTS file has been submitted but not reviewed.',
	21: 'The recording or TTS file review was rejected.',
	22: 'The file for templateId is not a text file.',
	23: 'The file for voiceId is not a voice file.',
	36: 'The priority format is incorrect.',
});

/** Approval states of recordings/templates and the retCode a create request gets for each. */
const RESOURCE_STATE_CODES = Object.freeze({
	approved: null,
	'wrong-scene': 18,
	'not-submitted': 19,
	pending: 20,
	rejected: 21,
});

/** [I] releaseReason by the called number's last digit (0–5 completed, 6 callee hung up, 7 no answer, 8 failed, 9 restricted). */
const RELEASE_BY_LAST_DIGIT = Object.freeze(['1', '1', '1', '1', '1', '1', '0', '4', '6', '10']);
const KNOWN_RELEASE_REASONS = Object.freeze(['0', '1', '4', '6', '8', '9', '10', '999']);
/** [I] releaseReason -> queryCallDetailRecord reasonCode (codes as in queryCallState, docs/providers/bes.md). */
const REASON_CODE_BY_RELEASE = Object.freeze({
	0: 0, // callee hung up
	1: 1, // the platform (calling side) hung up after playing everything
	4: 5, // callee did not answer
	6: 3, // callee leg failed
	8: 6,
	9: 6,
	10: 6,
	999: 6,
});
const RANG = new Set(['0', '1', '4']);
const ANSWERED = new Set(['0', '1']);
const NO_ANSWER_TIMEOUT_MS = 30_000; // [I] how long an unanswered call rings
const SEVEN_DAYS_MS = 7 * 24 * 3600 * 1000;
/** Characters the docs allow in a callback URL [C]: a-zA-Z0-9 - : . / _ # ? & */
const CALLBACK_URL_CHARS = /^[A-Za-z0-9\-:./_#?&]+$/;

const isAbsent = (value) => value === undefined || value === null;

/**
 * The token answer in the shape `bes.tokenShape` asks for [I: other shapes BES or a gateway
 * in front of it may use]: 'documented' (PascalCase, as the docs), 'camel' (accessToken,
 * expiresIn), 'snake' (access_token, expires_in), 'result' ({retCode, result: {…}}),
 * 'data' ({code, data: {accessToken, …}}) or 'unreadable' (no token field we know).
 */
const TOKEN_SHAPES = ['documented', 'camel', 'snake', 'result', 'data', 'unreadable'];
function tokenAnswer(shape, documented) {
	const camel = { accessToken: documented.AccessToken, expiresIn: Number(documented.Expires) };
	switch (shape) {
		case 'camel':
			return camel;
		case 'snake':
			return {
				access_token: documented.AccessToken,
				expires_in: Number(documented.Expires),
				token_type: 'Bearer',
			};
		case 'result':
			return { retCode: '0', retMsg: 'success', result: documented };
		case 'data':
			return { code: 0, data: camel };
		case 'unreadable':
			return { Token: { Value: documented.AccessToken }, Status: 'OK' };
		default:
			return documented;
	}
}

/** HTTP-level errors (not retCode errors): the same {retCode, retMsg} shape, retCode = HTTP status [I]. */
function httpError(status, retMsg, headers) {
	return jsonResponse(status, { retCode: String(status), retMsg }, CONTENT_TYPE, headers);
}

const ok = (value) => jsonResponse(200, value, CONTENT_TYPE);

/** The callInfo fields the query page types String although they hold numbers [C]. */
const CDR_TEXT_FIELDS = [
	'startTime',
	'endTime',
	'alertingTime',
	'talkingTime',
	'releaseTime',
	'talkDuration',
];

/**
 * A call record as queryCallDetailRecord answers it: times (epoch ms) and talkDuration as
 * strings, as the page's table types them ('documented'), or as numbers, as its sample
 * shows them ('sample') [C: the page shows both].
 */
function cdrItem(record, types) {
	const item = { ...record };
	if (types === 'documented') {
		for (const field of CDR_TEXT_FIELDS) if (field in item) item[field] = String(item[field]);
	}
	return item;
}

/** `yyyy/MM/dd,HH:mm:ss:SSS` [C], in UTC shifted by `offsetMinutes` [I]. */
function formatBesTime(ms, offsetMinutes = 0) {
	const d = new Date(ms + offsetMinutes * 60_000);
	const p = (n, w = 2) => String(n).padStart(w, '0');
	return (
		`${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())},` +
		`${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}:${p(d.getUTCMilliseconds(), 3)}`
	);
}

/**
 * Decodes and checks a callBackUrl: at most 256 chars, canonical Base64 of UTF-8 text that is
 * an http(s) URL made only of the documented characters. Returns the URL or null (retCode 9).
 */
function decodeCallbackUrl(value) {
	if (typeof value !== 'string' || value.length === 0 || value.length > 256) return null;
	if (value.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return null;
	const decoded = Buffer.from(value, 'base64').toString('utf8');
	// Re-encoding catches invalid UTF-8 and non-canonical padding bits.
	if (Buffer.from(decoded, 'utf8').toString('base64') !== value) return null;
	if (!CALLBACK_URL_CHARS.test(decoded)) return null;
	let url;
	try {
		url = new URL(decoded);
	} catch {
		return null;
	}
	return url.protocol === 'http:' || url.protocol === 'https:' ? decoded : null;
}

/** Accepts { id: state | true } or [id, ...] (all approved); returns Map id -> state. */
function normalizeCatalogue(name, value) {
	const map = new Map();
	if (Array.isArray(value)) {
		for (const id of value) map.set(String(id), 'approved');
	} else if (isPlainObject(value)) {
		for (const [id, state] of Object.entries(value)) {
			const s = state === true ? 'approved' : state;
			if (!(s in RESOURCE_STATE_CODES)) {
				throw new TypeError(
					`bes.${name}[${id}]: state must be one of ${Object.keys(RESOURCE_STATE_CODES).join(', ')}`,
				);
			}
			map.set(id, s);
		}
	} else if (!isAbsent(value)) {
		throw new TypeError(`bes.${name} must be an object or an array`);
	}
	return map;
}

class BesProvider {
	/**
	 * @param core  { now(), random(stream), deliver(spec) -> Promise, scheduleSweep(newDue?) }
	 * @param options  already merged with DEFAULTS.bes
	 */
	constructor(core, options) {
		this.core = core;
		this.options = options;
		if (!isPlainObject(options.apps)) throw new TypeError('bes.apps must be { appKey: appSecret }');
		if (!['sha256', 'hmac'].includes(options.signatureMode)) {
			throw new TypeError("bes.signatureMode must be 'sha256' or 'hmac'");
		}
		if (
			options.sharedKey !== null &&
			(typeof options.sharedKey !== 'string' || options.sharedKey.length < 16)
		) {
			throw new TypeError(
				'bes.sharedKey must be null or a string of at least 16 characters (as BES requires)',
			);
		}
		for (const [called, reason] of Object.entries(options.outcomes || {})) {
			if (!KNOWN_RELEASE_REASONS.includes(reason)) {
				throw new TypeError(
					`bes.outcomes[${called}]: releaseReason must be one of ${KNOWN_RELEASE_REASONS}`,
				);
			}
		}
		if (![200, 500].includes(options.businessFailureStatus)) {
			throw new TypeError('bes.businessFailureStatus must be 200 or 500');
		}
		if (!['documented', 'sample'].includes(options.cdrTypes)) {
			throw new TypeError("bes.cdrTypes must be 'documented' or 'sample'");
		}
		if (!['base', 'separate'].includes(options.tokenHost)) {
			throw new TypeError("bes.tokenHost must be 'base' or 'separate'");
		}
		if (!TOKEN_SHAPES.includes(options.tokenShape)) {
			throw new TypeError(`bes.tokenShape must be one of ${TOKEN_SHAPES.join(', ')}`);
		}
		this.voices = normalizeCatalogue('voices', options.voices);
		this.templates = normalizeCatalogue('templates', options.templates);
		this.tokenRandom = core.random('bes.token');
		this.serialRandom = core.random('bes.callSerialNo');
		this.planRandom = core.random('bes.plan');
		this.nonceRandom = core.random('bes.nonce');
		/** AccessToken -> { appKey, createdAt (ms), lifetime (s), expiresAt (ms), revoked } */
		this.tokens = new Map();
		/**
		 * callSerialNo -> notification. Reading it changes nothing: one whose time has come is
		 * finished by the sweep timer, by a record query, or by settleDue().
		 */
		this.notifications = new Map();
	}

	// ---------------------------------------------------------------- public controls

	/** Every token issued so far counts as expired from now on. Returns how many. */
	expireTokens() {
		const past = this.core.now() - 1;
		for (const token of this.tokens.values()) token.expiresAt = Math.min(token.expiresAt, past);
		return this.tokens.size;
	}

	revokeAll() {
		for (const token of this.tokens.values()) token.revoked = true;
		return this.tokens.size;
	}

	/** Finishes every pending notification now; resolves (to them) once their callbacks are answered. */
	settleAll() {
		const at = this.core.now();
		const deliveries = [];
		const finished = [];
		for (const n of this.notifications.values()) {
			if (n.status !== 'PENDING') continue;
			deliveries.push(this.finish(n, at));
			finished.push(n);
		}
		this.core.scheduleSweep();
		return Promise.all(deliveries).then(() => finished);
	}

	// ---------------------------------------------------------------- time

	nextDue() {
		let due = Infinity;
		for (const n of this.notifications.values()) {
			if (n.status === 'PENDING' && n.finishAt < due) due = n.finishAt;
		}
		return due;
	}

	settleDue() {
		const now = this.core.now();
		const deliveries = [];
		for (const n of this.notifications.values()) {
			if (n.status === 'PENDING' && n.finishAt <= now) deliveries.push(this.finish(n, n.finishAt));
		}
		return deliveries;
	}

	/**
	 * Ends a notification and writes its call-detail record. The call's timestamps run
	 * forward from the request time (so CDR queries by request time find it); with a short
	 * finishAfterMs the synthetic releaseTime can therefore lie after the callback is sent.
	 */
	finish(n, atMs) {
		const { plan } = n;
		const reason = n.releaseReason;
		const start = n.createdAt;
		const alerting = RANG.has(reason) ? start + plan.setupMs : null;
		const talking = ANSWERED.has(reason) ? alerting + plan.ringMs : null;
		const talkDuration = ANSWERED.has(reason) ? plan.talkSec : 0;
		const release =
			talking !== null
				? talking + talkDuration * 1000
				: alerting !== null
					? alerting + NO_ANSWER_TIMEOUT_MS
					: start + plan.setupMs;

		n.status = 'FINISHED';
		n.finishedAt = atMs;
		// The callInfo item, in numbers (queries answer it in the configured types, cdrItem);
		// absent times omitted [I].
		const record = { callSerialNo: n.callSerialNo, caller: n.callerPresent, called: n.called };
		record.callerPresent = n.callerPresent;
		record.startTime = start;
		record.endTime = release;
		if (alerting !== null) record.alertingTime = alerting;
		if (talking !== null) record.talkingTime = talking;
		record.releaseTime = release;
		record.talkDuration = talkDuration;
		record.state = 3; // ended
		record.reasonCode = REASON_CODE_BY_RELEASE[reason];
		n.record = record;

		if (!n.callBackUrl) return Promise.resolve(null);
		return this.sendCallback(n, { start, alerting, talking, release, talkDuration });
	}

	/** The release-event callback (docs/providers/bes.md), signed when a shared key is configured. */
	sendCallback(n, t) {
		const fmt = (ms) => formatBesTime(ms, this.options.utcOffsetMinutes);
		const payload = {
			callSerialNo: n.callSerialNo,
			called: n.called,
			callerPresent: n.callerPresent,
			createCallTime: fmt(t.start),
		};
		if (t.alerting !== null) payload.alertingTime = fmt(t.alerting);
		if (t.talking !== null) payload.talkingTime = fmt(t.talking);
		payload.releaseTime = fmt(t.release);
		payload.talkDuration = String(t.talkDuration);
		if (t.talking !== null) {
			const day = fmt(t.start).slice(0, 10).replace(/\//g, '');
			payload.recordfile = `Y:/2/mobileAgent/${day}/${Math.floor(t.start / 1000)}-${n.callSerialNo.slice(-3)}.wav`;
		}
		payload.locationId = '0';
		payload.releaseReason = n.releaseReason;
		if (this.options.sharedKey) {
			payload.timestamp = String(this.core.now());
			payload.nonce = this.nonceRandom.signedLong();
			payload.signature = signBesCallback(
				payload,
				this.options.sharedKey,
				this.options.signatureMode,
			);
		}
		n.callback = payload;
		return this.core.deliver({
			provider: 'bes',
			kind: 'callback',
			ref: n.callSerialNo,
			url: n.callBackUrl,
			headers: { 'content-type': CONTENT_TYPE },
			body: payload,
		});
	}

	// ---------------------------------------------------------------- HTTP

	handle(ctx) {
		const route = Object.keys(PATHS).find((k) => PATHS[k] === ctx.path);
		if (!route) return httpError(404, 'Not Found: check the request path.');
		if (ctx.method !== 'POST') return httpError(405, 'Method Not Allowed', { allow: 'POST' });
		// bes.tokenHost 'separate': tokenByAkSk on its own port only, as on tenants whose token
		// service listens on another host or port than the business APIs [I].
		const onTokenPort = ctx.listener === 'token';
		const tokenHere = this.options.tokenHost === 'separate' ? onTokenPort : true;
		if (route === 'token' ? !tokenHere : onTokenPort)
			return httpError(404, 'Not Found: check the request path.');
		if (route === 'token') return this.tokenByAkSk(ctx);

		// createVoiceNotification follows variant B (X-APP-Key mandatory); the CDR query
		// documents X-APP-Key as optional, so there it is only checked when sent.
		const auth = this.authenticate(ctx, route === 'create');
		if (auth.error) return auth.error;
		if (!ctx.json.ok || !isPlainObject(ctx.json.value)) {
			return httpError(400, 'Bad Request: the body must be a JSON object.');
		}
		return route === 'create'
			? this.create(ctx.json.value, auth.token)
			: this.queryCdr(ctx.json.value, auth.token);
	}

	tokenByAkSk(ctx) {
		const body = ctx.json.value;
		if (!ctx.json.ok || !isPlainObject(body))
			return httpError(400, 'Bad Request: body must be {app_key, app_secret}.');
		const { app_key: appKey, app_secret: appSecret } = body;
		if (typeof appKey !== 'string' || !appKey || typeof appSecret !== 'string' || !appSecret) {
			return httpError(400, 'Bad Request: app_key and app_secret are required strings.');
		}

		// X-Token-Expire: seconds, max maxLifetime [C]. Larger values are clamped and the
		// response's Expires tells the truth [I]; a missing header gives defaultLifetime [I].
		const header = ctx.headers['x-token-expire'];
		let lifetime = this.options.defaultLifetime;
		if (header !== undefined) {
			if (!/^\d+$/.test(String(header).trim()) || Number(header) === 0) {
				return httpError(400, 'Bad Request: X-Token-Expire must be a positive number of seconds.');
			}
			lifetime = Math.min(Number(header), this.options.maxLifetime);
		}

		if (
			!Object.prototype.hasOwnProperty.call(this.options.apps, appKey) ||
			this.options.apps[appKey] !== appSecret
		) {
			return httpError(401, 'Unauthorized: app_key or app_secret is incorrect.');
		}

		const now = this.core.now();
		// Option [I]: BES's docs do not say whether a new token revokes the app's older ones.
		if (this.options.revokeOnMint) {
			for (const token of this.tokens.values()) if (token.appKey === appKey) token.revoked = true;
		}
		let accessToken;
		do accessToken = this.tokenRandom.hex(32);
		while (this.tokens.has(accessToken));
		this.tokens.set(accessToken, {
			appKey,
			createdAt: now,
			lifetime,
			expiresAt: now + lifetime * 1000,
			revoked: false,
		});
		return ok(
			tokenAnswer(this.options.tokenShape, {
				AccessToken: accessToken,
				ApplyType: 'Bearer',
				CreateTime: String(Math.floor(now / 1000)),
				Expires: String(lifetime),
				Scope: 'default', // [I] the docs only show a placeholder
				AppKey: appKey,
				UserID: 'Anonymous',
			}),
		);
	}

	/** Returns { token } or { error: response }. Every failure is HTTP 401 [I]; 403 only via injectFault. */
	authenticate(ctx, appKeyMandatory) {
		const fail = (msg) => ({ error: httpError(401, `Unauthorized: ${msg}`) });
		const header = ctx.headers.authorization;
		if (!header) return fail('Authorization header is missing.');
		// "A space is required after Bearer" [C]: exactly "Bearer <AccessToken>".
		const match = /^Bearer (\S+)$/.exec(header);
		if (!match) return fail('Authorization must be "Bearer <AccessToken>".');
		const token = this.tokens.get(match[1]);
		if (!token) return fail('unknown access token.');
		if (token.revoked) return fail('the access token has been revoked.');
		if (this.core.now() >= token.expiresAt) return fail('the access token has expired.');
		const appKey = ctx.headers['x-app-key'];
		if (appKey === undefined) {
			if (appKeyMandatory) return fail('X-APP-Key header is missing.');
		} else if (appKey !== token.appKey) {
			return fail('X-APP-Key does not match the access token.');
		}
		return { token };
	}

	// ---------------------------------------------------------------- createVoiceNotification

	create(body, token) {
		const failures = this.validateCreate(body);
		if (failures.length > 0) {
			const code = failures[0];
			// The create pages list HTTP 500 "service failure" beside the retCodes [C]; whether a
			// retCode comes with 200 or 500 is not said: `businessFailureStatus` [I].
			return jsonResponse(
				this.options.businessFailureStatus,
				{ retCode: String(code), retMsg: CREATE_RET_MSG[code] },
				CONTENT_TYPE,
			);
		}
		const notification = this.createNotification(body, token.appKey);
		return ok({
			result: { callSerialNo: notification.callSerialNo },
			retCode: '0',
			retMsg: CREATE_RET_MSG[0],
		});
	}

	/**
	 * Returns every failing retCode, lowest first; the response reports the lowest [I]
	 * (the docs give no order), so one bad field never hides a lower-numbered one.
	 */
	validateCreate(body) {
		const fail = new Set();
		const { called, callerPresent, callBackUrl, playTimes, playList, priority } = body;

		if (typeof called !== 'string' || called.length > 32 || !/^\+?\d+$/.test(called)) fail.add(5);
		// [I] an access code or a plain number: digits only, 1–32 of them.
		if (
			!isAbsent(callerPresent) &&
			!(typeof callerPresent === 'string' && /^\d{1,32}$/.test(callerPresent))
		) {
			fail.add(7);
		}
		if (!isAbsent(callBackUrl) && decodeCallbackUrl(callBackUrl) === null) fail.add(9);
		if (!isAbsent(playTimes) && !(Number.isInteger(playTimes) && playTimes >= 1 && playTimes <= 5))
			fail.add(10);
		if (!Array.isArray(playList) || playList.length < 1 || playList.length > 5) fail.add(11);
		else for (const item of playList) this.validatePlayItem(item, fail);
		if (!isAbsent(priority) && !(typeof priority === 'string' && /^[1-9]$/.test(priority)))
			fail.add(36);
		if (this.options.trialWhitelist && !this.options.trialWhitelist.includes(called)) fail.add(16);

		return [...fail].sort((a, b) => a - b);
	}

	validatePlayItem(item, fail) {
		if (!isPlainObject(item)) {
			fail.add(12);
			return;
		}
		const set = ['voiceId', 'voiceFileName', 'templateId'].filter(
			(k) => typeof item[k] === 'string' && item[k] !== '',
		);
		// [I] more than one source in one item is rejected with 12 as well.
		if (set.length !== 1) fail.add(12);

		// templateParams are checked wherever they appear [I] (they only matter for templateId).
		if (!isAbsent(item.templateParams)) {
			const params = item.templateParams;
			if (!Array.isArray(params) || params.length < 1 || params.length > 10) {
				fail.add(15);
			} else {
				for (const p of params) {
					if (typeof p !== 'string' || Buffer.byteLength(p, 'utf8') > 32) fail.add(13);
					if (typeof p === 'string' && /[${}]/.test(p)) fail.add(14);
				}
			}
		}

		if (set.length !== 1 || set[0] === 'voiceFileName') return; // [I] any IVR file name is accepted
		const id = item[set[0]];
		const [own, other, wrongTypeCode] =
			set[0] === 'voiceId' ? [this.voices, this.templates, 23] : [this.templates, this.voices, 22];
		if (own.has(id)) {
			const code = RESOURCE_STATE_CODES[own.get(id)];
			if (code !== null) fail.add(code);
		} else if (other.has(id)) {
			fail.add(wrongTypeCode);
		} else {
			fail.add(17);
		}
	}

	createNotification(body, appKey) {
		const now = this.core.now();
		let callSerialNo;
		do callSerialNo = this.serialRandom.digits(19);
		while (this.notifications.has(callSerialNo));
		const called = body.called;
		const configured = this.options.outcomes && this.options.outcomes[called];
		const releaseReason = configured || RELEASE_BY_LAST_DIGIT[Number(called.slice(-1))];
		// Drawn for every notification so later ones do not depend on earlier outcomes.
		const plan = {
			setupMs: this.planRandom.int(150, 900),
			ringMs: this.planRandom.int(1000, 8000),
			talkSec: releaseReason === '0' ? this.planRandom.int(1, 4) : this.planRandom.int(5, 40),
		};
		const notification = {
			callSerialNo,
			appKey,
			request: body,
			called,
			callerPresent: isAbsent(body.callerPresent) ? this.options.accessCode : body.callerPresent,
			callBackUrl: isAbsent(body.callBackUrl) ? null : decodeCallbackUrl(body.callBackUrl),
			createdAt: now,
			finishAt: now + this.options.finishAfterMs,
			status: 'PENDING', // -> 'FINISHED'
			releaseReason,
			plan,
			finishedAt: null,
			record: null, // the callInfo item, once finished
			callback: null, // the callback payload, once sent
		};
		this.notifications.set(callSerialNo, notification);
		this.core.scheduleSweep(notification.finishAt);
		return notification;
	}

	// ---------------------------------------------------------------- queryCallDetailRecord

	queryCdr(body, token) {
		const retCode = (code, retMsg) => ok({ retCode: code, retMsg });
		// Strings per the docs [C]; JSON numbers are rejected too [I].
		const isEpochMs = (v) => typeof v === 'string' && /^\d{1,15}$/.test(v);
		if (!isEpochMs(body.startTime) || !isEpochMs(body.endTime)) {
			return retCode('2', 'startTime and endTime must be millisecond timestamps.');
		}
		const start = Number(body.startTime);
		const end = Number(body.endTime);
		if (end < start) return retCode('2', 'endTime is earlier than startTime.');
		// Option cdrSpan 'under7Days' [I]: a BES that also refuses a span of exactly 7 days.
		if (
			end - start > SEVEN_DAYS_MS ||
			(this.options.cdrSpan === 'under7Days' && end - start >= SEVEN_DAYS_MS)
		) {
			return retCode('2', 'The interval between startTime and endTime cannot exceed seven days.');
		}

		const isCount = (v) => typeof v === 'string' && /^\d{1,9}$/.test(v);
		if (!isAbsent(body.offset) && !isCount(body.offset)) return retCode('4', 'offset is invalid.');
		if (
			!isAbsent(body.limit) &&
			!(isCount(body.limit) && Number(body.limit) >= 1 && Number(body.limit) <= 100)
		) {
			return retCode('4', 'limit must be between 1 and 100.');
		}
		// Options [I]: cdrPageCap returns at most that many records per page whatever `limit`
		// asks; cdrRepeatPages answers every offset with the first page.
		const offset = isAbsent(body.offset) || this.options.cdrRepeatPages ? 0 : Number(body.offset);
		const asked = isAbsent(body.limit) ? 100 : Number(body.limit);
		const limit = this.options.cdrPageCap ? Math.min(asked, this.options.cdrPageCap) : asked;

		const taskType = isAbsent(body.taskType) ? '0' : body.taskType;
		if (!['0', '1', '2', '3', '4'].includes(taskType)) {
			return httpError(400, 'Bad Request: taskType must be "0".."4".');
		}
		if (
			!isAbsent(body.caller) &&
			!(typeof body.caller === 'string' && /^\+?\d{1,32}$/.test(body.caller))
		) {
			return retCode('12', 'The caller is unavailable.');
		}

		this.settleDue(); // a call that has ended by now has its record
		// Only voice notifications exist here: taskType "0" (all but ITA) and "3" include them.
		const matches = ['0', '3'].includes(taskType)
			? [...this.notifications.values()]
					.filter(
						(n) =>
							n.status === 'FINISHED' &&
							n.appKey === token.appKey && // a tenant only sees its own calls [I]
							n.record.startTime >= start &&
							n.record.startTime <= end &&
							(isAbsent(body.caller) || n.record.caller === body.caller),
					)
					.sort(
						(a, b) =>
							a.record.startTime - b.record.startTime || (a.callSerialNo < b.callSerialNo ? -1 : 1),
					)
			: [];
		if (matches.length === 0) return retCode('1', 'No data.');
		return ok({
			result: {
				total: matches.length,
				callInfo: matches
					.slice(offset, offset + limit)
					.map((n) => cdrItem(n.record, this.options.cdrTypes)),
			},
			retCode: '0',
			retMsg: 'Query call detail record successfully',
		});
	}
}

module.exports = {
	BesProvider,
	httpError,
	PATHS,
	CREATE_RET_MSG,
	RELEASE_BY_LAST_DIGIT,
	REASON_CODE_BY_RELEASE,
	RESOURCE_STATE_CODES,
	formatBesTime,
	decodeCallbackUrl,
};
