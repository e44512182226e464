import { createHash, createHmac } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { safeEqual } from '../shared/webhook';

/**
 * The signature of BES release-event callbacks, built in the steps docs/providers/bes.md#signature
 * lists; the docs leave the hash open (SHA-256 or HMAC-SHA256), so both are accepted.
 */

export type BesSignatureAlgorithm = 'sha256' | 'hmac-sha256';

export const BES_SIGNATURE_ALGORITHMS: readonly BesSignatureAlgorithm[] = ['sha256', 'hmac-sha256'];

/** Fields that carry the signature and are not signed themselves (step 1). */
const UNSIGNED_FIELDS = new Set(['timestamp', 'nonce', 'signature']);

/** A value as Java's toString writes it (TreeMap.toString uses it): "null", "[a, b]", "{k=v}". */
function javaText(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	if (Array.isArray(value)) return `[${value.map(javaText).join(', ')}]`;
	if (typeof value === 'object') {
		const entries = Object.entries(value as IDataObject).map(([k, v]) => `${k}=${javaText(v)}`);
		return `{${entries.join(', ')}}`;
	}
	return String(value);
}

/** Step 1: the field part of the string to sign. */
export function besSignString(payload: IDataObject): string {
	return Object.keys(payload)
		.filter((key) => !UNSIGNED_FIELDS.has(key))
		.sort()
		.map((key) => `${key}=${javaText(payload[key])}`)
		.join(',')
		.replace(/ /g, '');
}

/** Step 2: the whole string to sign. */
export function besStringToSign(payload: IDataObject, sharedKey: string): string {
	return `${sharedKey}_${javaText(payload.timestamp)}_${javaText(payload.nonce)}_${besSignString(payload)}`;
}

/** Step 3: Base64 of SHA-256 (or HMAC-SHA256 keyed with the shared key) over the string. */
export function signBesCallback(
	payload: IDataObject,
	sharedKey: string,
	algorithm: BesSignatureAlgorithm = 'sha256',
): string {
	const toSign = besStringToSign(payload, sharedKey);
	const hash =
		algorithm === 'hmac-sha256'
			? createHmac('sha256', sharedKey).update(toSign, 'utf8')
			: createHash('sha256').update(toSign, 'utf8');
	return hash.digest('base64');
}

export type BesRejection =
	| 'missingSignature'
	| 'badTimestamp'
	| 'staleTimestamp'
	| 'futureTimestamp'
	| 'signatureMismatch';

export type BesVerification =
	| { valid: true; algorithm: BesSignatureAlgorithm }
	| { valid: false; reason: BesRejection; message: string };

export interface BesVerifyOptions {
	/** Current time, epoch ms. */
	nowMs: number;
	/** How far `timestamp` may be from now, either way, in seconds; 0 turns the check off. */
	maxSkewSeconds: number;
	/** Readings of step 3 to accept; default both. */
	algorithms?: readonly BesSignatureAlgorithm[];
}

/** Epoch ms of a callback timestamp; below 10^11 (March 1973 in ms) it can only be seconds. */
export function timestampMs(text: string): number {
	const value = Number(text);
	return value < 1e11 ? value * 1000 : value;
}

function present(value: unknown): boolean {
	return value !== undefined && value !== null;
}

/** Checks a callback against the shared key: the signature before the age, so a replay reads as stale. */
export function verifyBesCallback(
	payload: IDataObject,
	sharedKey: string,
	options: BesVerifyOptions,
): BesVerification {
	const { signature, timestamp, nonce } = payload;
	if (
		typeof signature !== 'string' ||
		signature.trim() === '' ||
		!present(timestamp) ||
		!present(nonce)
	) {
		return {
			valid: false,
			reason: 'missingSignature',
			message: 'the callback has no signature, timestamp or nonce',
		};
	}
	const timestampText = String(timestamp).trim();
	if (!/^\d{1,16}$/.test(timestampText)) {
		return {
			valid: false,
			reason: 'badTimestamp',
			message: 'the timestamp is not epoch milliseconds or seconds',
		};
	}

	// Base64 never contains spaces: a space here is a "+" that a form decoder turned into one.
	const given = signature.trim().replace(/ /g, '+');
	let matched: BesSignatureAlgorithm | undefined;
	for (const algorithm of options.algorithms ?? BES_SIGNATURE_ALGORITHMS) {
		// Every allowed reading is compared, even after a match, so timing does not tell which.
		const equal = safeEqual(given, signBesCallback(payload, sharedKey, algorithm));
		if (equal && matched === undefined) matched = algorithm;
	}
	if (matched === undefined) {
		return {
			valid: false,
			reason: 'signatureMismatch',
			message: 'the signature does not match the shared key',
		};
	}

	if (options.maxSkewSeconds > 0) {
		const ageMs = options.nowMs - timestampMs(timestampText);
		const limitMs = options.maxSkewSeconds * 1000;
		if (ageMs > limitMs) {
			return {
				valid: false,
				reason: 'staleTimestamp',
				message: `the timestamp is ${Math.round(ageMs / 1000)} s old (at most ${options.maxSkewSeconds} s allowed)`,
			};
		}
		if (-ageMs > limitMs) {
			return {
				valid: false,
				reason: 'futureTimestamp',
				message: `the timestamp is ${Math.round(-ageMs / 1000)} s in the future (at most ${options.maxSkewSeconds} s allowed)`,
			};
		}
	}
	return { valid: true, algorithm: matched };
}

/** Top-level numbers wider than 2^53 as the digits BES sent (the signature is over them), from the raw body. */
export function withExactNumbers(body: IDataObject, rawText: string | undefined): IDataObject {
	if (rawText === undefined) return body;
	let result: IDataObject | undefined;
	for (const [key, value] of Object.entries(body)) {
		if (typeof value !== 'number' || Number.isSafeInteger(value)) continue;
		const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		const match = new RegExp(`"${escaped}"\\s*:\\s*(-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)`).exec(
			rawText,
		);
		if (match) {
			result = result ?? { ...body };
			result[key] = match[1];
		}
	}
	return result ?? body;
}
