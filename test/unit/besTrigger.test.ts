import type { IDataObject } from 'n8n-workflow';

import { describeBesCallback, describeReleaseReason } from '../../nodes/BesTrigger/releaseReason';
import {
	besSignString,
	besStringToSign,
	signBesCallback,
	timestampMs,
	verifyBesCallback,
	withExactNumbers,
} from '../../nodes/BesTrigger/signature';

/**
 * Signature math on fixed payloads. The expected values were computed independently with
 * the Java reading of bes.md §3 in test/fixtures/BesSignatureReference.java (TreeMap,
 * toString().replace(" ", ""), MessageDigest / Mac, Base64), not with this code.
 */
const SHARED = 'example-shared-key-0123456789';

/** The callback example of bes.md §3, without its (elided) signature. */
const EXAMPLE: IDataObject = {
	alertingTime: '2022/02/22,10:04:29:004',
	callSerialNo: '1197765398201387012',
	called: '88880067',
	callerPresent: '960003',
	createCallTime: '2022/02/22,10:04:28:823',
	locationId: '0',
	nonce: '-1482421808053124529',
	recordfile: 'Y:/2/mobileAgent/20220222/1645524268-824.wav',
	releaseReason: '0',
	releaseTime: '2022/02/22,10:04:36:318',
	talkDuration: '0',
	talkingTime: '2022/02/22,10:04:30:418',
	timestamp: '1645524163326',
};
const EXAMPLE_FIELDS =
	'alertingTime=2022/02/22,10:04:29:004,callSerialNo=1197765398201387012,called=88880067,' +
	'callerPresent=960003,createCallTime=2022/02/22,10:04:28:823,locationId=0,' +
	'recordfile=Y:/2/mobileAgent/20220222/1645524268-824.wav,releaseReason=0,' +
	'releaseTime=2022/02/22,10:04:36:318,talkDuration=0,talkingTime=2022/02/22,10:04:30:418';
const EXAMPLE_SHA256 = 'y6N4RDwKZxcYeeomkDXOeYk8B3+FZ5hdu5/Kr+FcE2s=';
const EXAMPLE_HMAC = 'a2tW647IbVq5i1F6OWUbSGDzNXh9n6XMnqar2/ZXT+c=';

/** The same callback with spaces inside two values (the reference removes them too). */
const SPACED: IDataObject = {
	...EXAMPLE,
	callerPresent: '960 003',
	recordfile: 'Y:/2/mobile Agent/x.wav',
};
const SPACED_SHA256 = 'aC+ADjfMIUUkl+J5tQ2DejJQr0JJf+a42/A6BYkImzE=';
const SPACED_HMAC = 'qzvtIu7Ecd/po6iBDKA0m+9HpiEKlP/b6dGsKWrM8po=';

const SENT_AT = Number(EXAMPLE.timestamp);
const fresh = { nowMs: SENT_AT + 2000, maxSkewSeconds: 300 };

describe('BES string to sign', () => {
	it('joins every field but timestamp, nonce and signature, sorted, as k=v with commas', () => {
		expect(besSignString({ ...EXAMPLE, signature: 'ignored' })).toBe(EXAMPLE_FIELDS);
	});

	it('sorts by UTF-16 code unit like TreeMap: callSerialNo before called before callerPresent', () => {
		expect(besSignString({ callerPresent: '3', called: '2', callSerialNo: '1' })).toBe(
			'callSerialNo=1,called=2,callerPresent=3',
		);
	});

	it('removes every space, inside values too, and nothing else', () => {
		expect(besSignString({ b: ' x y ', a: 'tab\there' })).toBe('a=tab\there,b=xy');
	});

	it('starts with key_timestamp_nonce_', () => {
		expect(besStringToSign(EXAMPLE, SHARED)).toBe(
			`${SHARED}_1645524163326_-1482421808053124529_${EXAMPLE_FIELDS}`,
		);
	});

	it('writes values the way Java toString does (null, lists, maps)', () => {
		expect(besSignString({ a: null, b: [1, 'x y'], c: { k: 'v w' }, d: 12, e: true })).toBe(
			'a=null,b=[1,xy],c={k=vw},d=12,e=true',
		);
	});

	it('signs an empty field list as key_timestamp_nonce_', () => {
		expect(besStringToSign({ timestamp: '1', nonce: '2' }, SHARED)).toBe(`${SHARED}_1_2_`);
	});
});

describe('BES signature values (fixed, from the Java reference)', () => {
	it.each([
		['plain SHA-256', EXAMPLE, 'sha256', EXAMPLE_SHA256],
		['HMAC-SHA256', EXAMPLE, 'hmac-sha256', EXAMPLE_HMAC],
		['plain SHA-256, spaces in values', SPACED, 'sha256', SPACED_SHA256],
		['HMAC-SHA256, spaces in values', SPACED, 'hmac-sha256', SPACED_HMAC],
	] as const)('%s', (_label, payload, algorithm, expected) => {
		expect(signBesCallback(payload, SHARED, algorithm)).toBe(expected);
	});

	it('is the Base64 of 32 bytes (44 characters), like the documented sample', () => {
		for (const algorithm of ['sha256', 'hmac-sha256'] as const) {
			const signature = signBesCallback(EXAMPLE, SHARED, algorithm);
			expect(Buffer.from(signature, 'base64')).toHaveLength(32);
			expect(signature).toMatch(/^[A-Za-z0-9+/]{43}=$/);
		}
	});
});

describe('verifyBesCallback', () => {
	it.each([
		['sha256', EXAMPLE_SHA256],
		['hmac-sha256', EXAMPLE_HMAC],
	] as const)(
		'accepts a valid %s signature and says which reading matched',
		(algorithm, signature) => {
			expect(verifyBesCallback({ ...EXAMPLE, signature }, SHARED, fresh)).toEqual({
				valid: true,
				algorithm,
			});
		},
	);

	it('accepts the callback with spaces in values', () => {
		expect(verifyBesCallback({ ...SPACED, signature: SPACED_HMAC }, SHARED, fresh).valid).toBe(
			true,
		);
	});

	it.each([
		['a changed field', { releaseReason: '1' }],
		['an added field', { extra: 'x' }],
		['a changed timestamp', { timestamp: String(SENT_AT + 1) }],
		['a changed nonce', { nonce: '42' }],
		['a changed signature', { signature: EXAMPLE_SHA256.replace('y6N4', 'y6N5') }],
		['a truncated signature', { signature: EXAMPLE_SHA256.slice(0, 20) }],
	])('refuses a callback with %s', (_label, change) => {
		const result = verifyBesCallback({ ...EXAMPLE, signature: EXAMPLE_SHA256, ...change }, SHARED, {
			...fresh,
			nowMs: SENT_AT + 1000,
		});
		expect(result).toMatchObject({ valid: false, reason: 'signatureMismatch' });
	});

	it('refuses the right signature checked with another key', () => {
		const result = verifyBesCallback(
			{ ...EXAMPLE, signature: EXAMPLE_SHA256 },
			`${SHARED}x`,
			fresh,
		);
		expect(result).toMatchObject({ valid: false, reason: 'signatureMismatch' });
	});

	it.each([
		['no signature', { signature: undefined }],
		['an empty signature', { signature: '' }],
		['no timestamp', { timestamp: undefined }],
		['no nonce', { nonce: undefined }],
		['a null nonce', { nonce: null }],
	])('refuses a callback with %s as missing', (_label, change) => {
		const payload: IDataObject = { ...EXAMPLE, signature: EXAMPLE_SHA256, ...change };
		for (const key of Object.keys(change)) if (payload[key] === undefined) delete payload[key];
		expect(verifyBesCallback(payload, SHARED, fresh)).toMatchObject({
			valid: false,
			reason: 'missingSignature',
		});
	});

	it('refuses a timestamp that is not epoch milliseconds', () => {
		const payload: IDataObject = { ...EXAMPLE, timestamp: '2022-02-22T10:04:28Z' };
		payload.signature = signBesCallback(payload, SHARED);
		expect(verifyBesCallback(payload, SHARED, fresh)).toMatchObject({ reason: 'badTimestamp' });
	});

	describe('timestamp age', () => {
		const signed = { ...EXAMPLE, signature: EXAMPLE_SHA256 };
		const at = (offsetSeconds: number, maxSkewSeconds = 300) =>
			verifyBesCallback(signed, SHARED, { nowMs: SENT_AT + offsetSeconds * 1000, maxSkewSeconds });

		it('accepts a callback exactly at the allowed age', () => {
			expect(at(300).valid).toBe(true);
		});

		it('refuses a stale callback, even with a valid signature', () => {
			expect(at(301)).toMatchObject({ valid: false, reason: 'staleTimestamp' });
			expect(at(301)).toHaveProperty('message', expect.stringMatching(/301 s old/));
		});

		it('refuses a timestamp too far in the future', () => {
			expect(at(-301)).toMatchObject({ valid: false, reason: 'futureTimestamp' });
			expect(at(-299).valid).toBe(true);
		});

		it('reads a timestamp in epoch seconds as seconds', () => {
			const inSeconds: IDataObject = { ...EXAMPLE, timestamp: String(Math.floor(SENT_AT / 1000)) };
			inSeconds.signature = signBesCallback(inSeconds, SHARED);
			const check = (offsetSeconds: number) =>
				verifyBesCallback(inSeconds, SHARED, {
					nowMs: SENT_AT + offsetSeconds * 1000,
					maxSkewSeconds: 300,
				});
			expect(check(2).valid).toBe(true);
			expect(check(301)).toMatchObject({ valid: false, reason: 'staleTimestamp' });
			expect(timestampMs('1645524163')).toBe(1645524163000);
			expect(timestampMs('1645524163326')).toBe(1645524163326);
		});

		it('does not check the age when the allowed skew is 0', () => {
			expect(at(10 * 365 * 24 * 3600, 0).valid).toBe(true);
		});

		it('reports a forged stale callback as a mismatch, not as stale', () => {
			const result = verifyBesCallback({ ...signed, releaseReason: '1' }, SHARED, {
				nowMs: SENT_AT + 3_600_000,
				maxSkewSeconds: 300,
			});
			expect(result).toMatchObject({ reason: 'signatureMismatch' });
		});
	});

	it('accepts only the pinned reading when one algorithm is chosen', () => {
		const hmacSigned = { ...EXAMPLE, signature: EXAMPLE_HMAC };
		expect(
			verifyBesCallback(hmacSigned, SHARED, { ...fresh, algorithms: ['sha256'] }),
		).toMatchObject({ valid: false, reason: 'signatureMismatch' });
		expect(
			verifyBesCallback(hmacSigned, SHARED, { ...fresh, algorithms: ['hmac-sha256'] }),
		).toEqual({ valid: true, algorithm: 'hmac-sha256' });
	});

	it('restores a "+" that a form decoder turned into a space', () => {
		const signature = EXAMPLE_SHA256.replace(/\+/g, ' ');
		expect(verifyBesCallback({ ...EXAMPLE, signature }, SHARED, fresh).valid).toBe(true);
	});

	it('accepts timestamp and nonce sent as JSON numbers', () => {
		const payload: IDataObject = { ...EXAMPLE, timestamp: SENT_AT, nonce: 12345 };
		payload.signature = signBesCallback(
			{ ...payload, timestamp: String(SENT_AT), nonce: '12345' },
			SHARED,
		);
		expect(verifyBesCallback(payload, SHARED, fresh).valid).toBe(true);
	});
});

describe('withExactNumbers', () => {
	it('keeps the digits of a long number that JSON.parse rounds', () => {
		const raw =
			'{"callSerialNo": 1197765398201387012, "nonce":-1482421808053124529, "locationId": 0}';
		const parsed = JSON.parse(raw) as IDataObject;
		expect(String(parsed.nonce)).not.toBe('-1482421808053124529');
		expect(withExactNumbers(parsed, raw)).toEqual({
			callSerialNo: '1197765398201387012',
			nonce: '-1482421808053124529',
			locationId: 0,
		});
	});

	it('returns the body itself when nothing needs fixing or there is no raw body', () => {
		const body = { a: '1', b: 2 };
		expect(withExactNumbers(body, '{"a":"1","b":2}')).toBe(body);
		expect(withExactNumbers(body, undefined)).toBe(body);
	});
});

describe('BES release reasons', () => {
	it.each([
		['0', /hung up before the end/, false, true],
		['1', /played to the end/, true, true],
		['4', /rejected the call or it rang/, false, false],
		['6', /before ringing/, false, false],
		['8', /no resources/, false, false],
		['9', /queuing device timeout/, false, false],
		['10', /restricted/, false, false],
		['999', /recording conference/, false, false],
	])('releaseReason %s', (code, description, completed, answered) => {
		const output = describeBesCallback({ callSerialNo: '1', releaseReason: code });
		expect(output.releaseReasonDescription).toMatch(description);
		expect(output.completed).toBe(completed);
		expect(output.answered).toBe(answered);
		expect(output.releaseReason).toBe(code);
	});

	it('reads a numeric releaseReason too', () => {
		expect(describeBesCallback({ releaseReason: 1 })).toMatchObject({ completed: true });
	});

	it('names undocumented and missing reasons instead of failing', () => {
		expect(describeReleaseReason('7')).toBe('Unknown release reason "7"');
		expect(describeReleaseReason(undefined)).toBe('Unknown: BES sent no release reason');
		expect(describeBesCallback({})).toMatchObject({ completed: false, answered: false });
	});

	it('keeps every field of the callback as sent', () => {
		const output = describeBesCallback({ ...EXAMPLE, signature: EXAMPLE_SHA256 });
		expect(output).toMatchObject({ ...EXAMPLE, signature: EXAMPLE_SHA256 });
	});
});
