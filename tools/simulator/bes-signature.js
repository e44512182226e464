'use strict';

const crypto = require('crypto');

/** Fields that carry the signature itself and are therefore not signed (the callback signature, docs/providers/bes.md). */
const UNSIGNED_FIELDS = new Set(['timestamp', 'nonce', 'signature']);

/**
 * The field part of the string to sign: every body field except timestamp/nonce/signature,
 * sorted by name, joined as `k=v` with commas, with every space removed.
 *
 * Why "every space": the Java reference builds it with TreeMap.toString().replace(" ", ""),
 * which also strips spaces inside values. JavaScript's default sort compares UTF-16 code
 * units, exactly like Java's String.compareTo used by TreeMap.
 */
function besSignString(payload) {
	return Object.keys(payload)
		.filter((key) => !UNSIGNED_FIELDS.has(key))
		.sort()
		.map((key) => `${key}=${String(payload[key])}`)
		.join(',')
		.replace(/ /g, '');
}

/**
 * signature = Base64(SHA-256(sharedKey + "_" + timestamp + "_" + nonce + "_" + fields)).
 * mode 'hmac': Base64(HMAC-SHA256 keyed with sharedKey over that same string); the docs'
 * sample code imports javax.crypto.Mac, so the real platform may use this instead [U].
 * `payload` must already contain `timestamp` and `nonce`.
 */
function signBesCallback(payload, sharedKey, mode = 'sha256') {
	if (typeof sharedKey !== 'string' || sharedKey === '')
		throw new TypeError('sharedKey must be a non-empty string');
	const toSign = `${sharedKey}_${payload.timestamp}_${payload.nonce}_${besSignString(payload)}`;
	if (mode === 'hmac')
		return crypto.createHmac('sha256', sharedKey).update(toSign, 'utf8').digest('base64');
	if (mode === 'sha256') return crypto.createHash('sha256').update(toSign, 'utf8').digest('base64');
	throw new TypeError("signature mode must be 'sha256' or 'hmac'");
}

/** Which mode produced `payload.signature` ('sha256' | 'hmac'), or null if neither. */
function verifyBesCallback(payload, sharedKey) {
	if (!payload || typeof payload.signature !== 'string') return null;
	const given = Buffer.from(payload.signature);
	for (const mode of ['sha256', 'hmac']) {
		const expected = Buffer.from(signBesCallback(payload, sharedKey, mode));
		if (expected.length === given.length && crypto.timingSafeEqual(expected, given)) return mode;
	}
	return null;
}

module.exports = { besSignString, signBesCallback, verifyBesCallback };
