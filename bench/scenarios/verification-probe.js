'use strict';
/**
 * Run by bench/scenarios/verification.js in a fresh Node with --expose-gc:
 * `node --expose-gc verification-probe.js <installed package dir> <open verifications> <checks>`.
 * Loads the shipped verification helpers from the installed package's dist/ and prints one
 * JSON line: the heap held by N open verifications, and pure check throughput.
 */
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const [packageDir, openArg, checksArg] = process.argv.slice(2);
const helper = (name) => require(path.join(packageDir, 'dist', 'nodes', 'Bitel', 'helpers', name));
const { VerificationMemory } = helper('verificationMemory');
const {
	newVerificationId,
	openVerificationToken,
	sealVerificationToken,
	verificationKey,
	verificationExpired,
} = helper('verificationToken');
const { generateOtpCode, otpCodesMatch } = helper('otpCode');

const OPEN = Number(openArg);
const CHECKS = Number(checksArg);
const SCOPE = 'bench-credential';
const API_TOKEN = 'bench-bitel-api-token';
const T0 = Date.now();
const phoneOf = (index) => `0912${String(index).padStart(7, '0')}`;

function heapAfterGc() {
	for (let round = 0; round < 3; round++) global.gc();
	return process.memoryUsage().heapUsed;
}

/** Heap held by OPEN verifications: each a registered send and one wrong-code attempt. */
function memoryHeld() {
	const before = heapAfterGc();
	const memory = new VerificationMemory();
	for (let index = 0; index < OPEN; index++) {
		const verificationId = newVerificationId();
		const expiresAt = T0 + 300_000;
		const sent = memory.registerSend(
			{ scope: SCOPE, phoneNumber: phoneOf(index), verificationId, expiresAt, maxSendsPerHour: 5 },
			T0,
		);
		const checked = memory.checkCode(
			{ verificationId, expiresAt, maxAttempts: 5, codeMatches: false },
			T0,
		);
		if (!sent.allowed || checked.status !== 'wrongCode') throw new Error('unexpected outcome');
	}
	const after = heapAfterGc();
	const size = memory.size();
	if (size.verifications !== OPEN || size.phoneNumbers !== OPEN)
		throw new Error(`holds ${JSON.stringify(size)}, not ${OPEN}`);
	return { heapBytes: after - before, size };
}

/**
 * What Check Code does per item once its parameters are read: the key (memoised), open the
 * token, compare the code in constant time, check and count in memory. Every check is a
 * different verification with the right code, so each one is approved.
 */
function checkThroughput() {
	const key = verificationKey(API_TOKEN);
	const tokens = Array.from({ length: CHECKS }, (_, index) => {
		const code = generateOtpCode(5);
		return {
			code,
			token: sealVerificationToken(
				{
					verificationId: newVerificationId(),
					phoneNumber: phoneOf(index),
					code,
					issuedAt: T0,
					expiresAt: T0 + 300_000,
				},
				key,
			),
		};
	});
	const memory = new VerificationMemory();
	const run = (list) => {
		let approved = 0;
		for (const { token, code } of list) {
			const claims = openVerificationToken(token, verificationKey(API_TOKEN));
			if (!claims || verificationExpired(claims, T0)) continue;
			const outcome = memory.checkCode(
				{
					verificationId: claims.verificationId,
					expiresAt: claims.expiresAt,
					maxAttempts: 5,
					codeMatches: otpCodesMatch(code, claims.code),
				},
				T0,
			);
			if (outcome.status === 'approved') approved++;
		}
		return approved;
	};
	run(tokens.slice(0, Math.min(2000, CHECKS))); // warm-up: JIT; these come back as alreadyUsed
	memory.clear();
	const started = performance.now();
	const approved = run(tokens);
	const ms = performance.now() - started;
	if (approved !== CHECKS) throw new Error(`${approved} of ${CHECKS} checks approved`);
	return { checks: CHECKS, ms, checksPerSecond: (CHECKS / ms) * 1000 };
}

const memory = memoryHeld();
const throughput = checkThroughput();
console.log(
	JSON.stringify({
		open: OPEN,
		heapBytes: memory.heapBytes,
		size: memory.size,
		...throughput,
		node: process.version,
	}),
);
