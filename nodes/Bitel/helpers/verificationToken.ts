import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'crypto';

import { BoundedMemo } from '../../shared/memo';

/**
 * The verification token: what Check Code and Resend Code need, sealed with AES-256-GCM under a key
 * derived from the Bitel API token (docs/verification.md#the-token).
 */

/** What a token carries. */
export interface VerificationClaims {
	/** 128 random bits as 32 hex digits (newVerificationId). */
	verificationId: string;
	/** The national form (09…), as the code was sent to. */
	phoneNumber: string;
	/** The code, digits only. */
	code: string;
	/** Epoch ms. */
	issuedAt: number;
	/** Epoch ms; the verification is expired from this moment on (verificationExpired). */
	expiresAt: number;
}

/** The readable start of every token of this format; its "1" is the format version. */
export const VERIFICATION_TOKEN_PREFIX = 'bv1.';
// Authenticated with every token (GCM's additional data), so no other format can pass as this one.
const AAD = Buffer.from('n8n-nodes-bitel verification token v1', 'utf8');

const IV_BYTES = 12;
const TAG_BYTES = 16;
const ID_BYTES = 16;
const TIME_BYTES = 6; // epoch ms up to 2^48 (the year 10889)
const MAX_FIELD_CHARS = 32;
// A longer text cannot be a token of this format: refused before any decoding work.
const MAX_TOKEN_CHARS = 256;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const DIGITS = /^\d+$/;
const HEX_ID = /^[0-9a-f]{32}$/;

/** A new verification id: 128 bits from the CSPRNG, as 32 lowercase hex digits. */
export function newVerificationId(): string {
	return randomBytes(ID_BYTES).toString('hex');
}

/** Whether a verification has expired at `now`: from `expiresAt` on (both epoch ms). */
export function verificationExpired(claims: Pick<VerificationClaims, 'expiresAt'>, now: number) {
	return now >= claims.expiresAt;
}

// HKDF's salt and info name this package and this purpose, so the key serves nothing else.
const KEY_SALT = Buffer.from('n8n-nodes-bitel', 'utf8');
const KEY_INFO = Buffer.from('verification token v1 aes-256-gcm', 'utf8');
const KEY_BYTES = 32;

// A handful of credentials per process; derivations are cheap but not free per check.
const keyMemo = new BoundedMemo<Buffer>(16, Number.POSITIVE_INFINITY);

/** The token key of a Bitel credential: HKDF-SHA256 of its API token (a shared, read-only Buffer). */
export function verificationKey(apiToken: string): Buffer {
	if (typeof apiToken !== 'string' || apiToken === '')
		throw new Error('A verification key needs the Bitel API token, which is empty');
	const known = keyMemo.get(apiToken, 0);
	if (known) return known;
	const key = Buffer.from(hkdfSync('sha256', apiToken, KEY_SALT, KEY_INFO, KEY_BYTES));
	keyMemo.set(apiToken, key, 0);
	return key;
}

function writeText(text: string, name: string): Buffer {
	if (!DIGITS.test(text) || text.length > MAX_FIELD_CHARS)
		throw new RangeError(`The ${name} of a verification token must be 1 to 32 digits`);
	return Buffer.concat([Buffer.from([text.length]), Buffer.from(text, 'latin1')]);
}

function writeTime(ms: number, name: string): Buffer {
	if (!Number.isSafeInteger(ms) || ms < 0 || ms >= 2 ** 48)
		throw new RangeError(`The ${name} of a verification token must be epoch milliseconds`);
	const bytes = Buffer.alloc(TIME_BYTES);
	bytes.writeUIntBE(ms, 0, TIME_BYTES);
	return bytes;
}

/** The token text (docs/verification.md#the-token); throws only for claims no token can carry. */
export function sealVerificationToken(claims: VerificationClaims, key: Buffer): string {
	if (!HEX_ID.test(claims.verificationId))
		throw new RangeError('A verification id is 32 lowercase hex digits (newVerificationId)');
	const plaintext = Buffer.concat([
		Buffer.from(claims.verificationId, 'hex'),
		writeTime(claims.issuedAt, 'issuedAt'),
		writeTime(claims.expiresAt, 'expiresAt'),
		writeText(claims.phoneNumber, 'phone number'),
		writeText(claims.code, 'code'),
	]);
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
	cipher.setAAD(AAD);
	const sealed = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
	return VERIFICATION_TOKEN_PREFIX + sealed.toString('base64url');
}

/** Reads the plaintext's fields; undefined unless it is exactly one well-formed set of claims. */
function readClaims(plaintext: Buffer): VerificationClaims | undefined {
	let at = 0;
	const take = (length: number) => {
		if (at + length > plaintext.length) return undefined;
		const part = plaintext.subarray(at, at + length);
		at += length;
		return part;
	};
	const readText = () => {
		const length = take(1)?.[0];
		if (!length) return undefined;
		const text = take(length)?.toString('latin1');
		return text !== undefined && DIGITS.test(text) ? text : undefined;
	};
	const id = take(ID_BYTES);
	const issuedAt = take(TIME_BYTES)?.readUIntBE(0, TIME_BYTES);
	const expiresAt = take(TIME_BYTES)?.readUIntBE(0, TIME_BYTES);
	const phoneNumber = readText();
	const code = readText();
	if (!id || issuedAt === undefined || expiresAt === undefined) return undefined;
	if (phoneNumber === undefined || code === undefined || at !== plaintext.length) return undefined;
	return { verificationId: id.toString('hex'), phoneNumber, code, issuedAt, expiresAt };
}

/** The claims of a token sealed with `key`, or undefined for anything else; never throws. */
export function openVerificationToken(token: string, key: Buffer): VerificationClaims | undefined {
	if (typeof token !== 'string') return undefined;
	const text = token.trim();
	if (text.length > MAX_TOKEN_CHARS || !text.startsWith(VERIFICATION_TOKEN_PREFIX))
		return undefined;
	const body = text.slice(VERIFICATION_TOKEN_PREFIX.length);
	if (!BASE64URL.test(body)) return undefined;
	const sealed = Buffer.from(body, 'base64url');
	// Canonical base64url only: one text per token (no trailing bits or padding variants).
	if (sealed.toString('base64url') !== body) return undefined;
	if (sealed.length <= IV_BYTES + TAG_BYTES) return undefined;
	try {
		const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES), {
			authTagLength: TAG_BYTES,
		});
		decipher.setAAD(AAD);
		decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
		const plaintext = Buffer.concat([
			decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
			decipher.final(), // throws when the tag does not match: tampered or another key
		]);
		return readClaims(plaintext);
	} catch {
		return undefined;
	}
}
