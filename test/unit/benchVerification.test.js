'use strict';
/** The Check Code bench row: its inputs, the check of its answers, and its row in the report. */
const {
	checkCodeItems,
	countCheckOutputs,
	wrongCodeFor,
	pureShareOfNodeTime,
} = require('../../bench/scenarios/verification');
const { ratioRows } = require('../../bench/report/ratios');
const { detailTable } = require('../../bench/report/tables');
const token = require('../../nodes/Bitel/helpers/verificationToken');
const otp = require('../../nodes/Bitel/helpers/otpCode');
const { VerificationMemory } = require('../../nodes/Bitel/helpers/verificationMemory');

const helpers = { ...token, ...otp };
const API_TOKEN = 'bench-test-api-token';

/** What Check Code answers for an item (check.ts's order), with its own memory. */
function answer(item, memory, now) {
	const claims = token.openVerificationToken(item.token, token.verificationKey(API_TOKEN));
	if (!claims) return { approved: false, status: 'invalidToken', attemptsLeft: 0 };
	const outcome = memory.checkCode(
		{
			verificationId: claims.verificationId,
			expiresAt: claims.expiresAt,
			maxAttempts: 5,
			codeMatches: otp.otpCodesMatch(item.code, claims.code),
		},
		now,
	);
	return {
		approved: outcome.status === 'approved',
		status: outcome.status,
		attemptsLeft: outcome.attemptsLeft,
		verificationId: claims.verificationId,
		phoneNumber: claims.phoneNumber,
	};
}

test('wrongCodeFor keeps the length and changes every digit', () => {
	expect(wrongCodeFor('09999')).toBe('10000');
	expect(wrongCodeFor('12345')).toBe('23456');
});

test('the inputs are new verifications for distinct numbers, sealed with the credential key, every 4th code wrong', () => {
	const now = Date.now();
	const items = checkCodeItems(helpers, API_TOKEN, 8, now);
	expect(items).toHaveLength(8);
	const key = token.verificationKey(API_TOKEN);
	const claims = items.map((item) => token.openVerificationToken(item.token, key));
	expect(claims.every(Boolean)).toBe(true);
	expect(new Set(claims.map((c) => c.verificationId)).size).toBe(8);
	expect(new Set(claims.map((c) => c.phoneNumber)).size).toBe(8);
	expect(claims.every((c) => c.expiresAt > now + 60_000)).toBe(true);
	const right = items.map((item, index) => item.code === claims[index].code);
	expect(right).toEqual([true, true, true, false, true, true, true, false]);
	expect(token.openVerificationToken(items[0].token, token.verificationKey('another'))).toBe(
		undefined,
	);

	// Check Code's own logic answers exactly what the bench expects of the node.
	const memory = new VerificationMemory();
	const out = items.map((item) => ({ json: answer(item, memory, now) }));
	expect(countCheckOutputs('test', out, 8)).toEqual({ approved: 6, wrongCode: 2 });
});

test('the answers are refused when one is not what a new verification gets, carries a code, or is missing', () => {
	const approved = { approved: true, status: 'approved', attemptsLeft: 0 };
	const wrong = { approved: false, status: 'wrongCode', attemptsLeft: 4 };
	const out = [approved, approved, approved, wrong].map((json) => ({ json }));
	expect(countCheckOutputs('ok', out, 4)).toEqual({ approved: 3, wrongCode: 1 });
	const swapped = [approved, approved, wrong, approved].map((json) => ({ json }));
	expect(() => countCheckOutputs('swapped', swapped, 4)).toThrow('swapped: item 2 answered');
	const used = [approved, { ...approved, status: 'alreadyUsed', approved: false }];
	expect(() =>
		countCheckOutputs(
			'used',
			used.map((json) => ({ json })),
			2,
		),
	).toThrow('item 1');
	const withCode = [{ ...approved, code: '12345' }].map((json) => ({ json }));
	expect(() => countCheckOutputs('code', withCode, 1)).toThrow('item 0');
	expect(() => countCheckOutputs('short', out.slice(0, 3), 4)).toThrow('3 items (want 4)');
});

test('the pure share is N pure checks against the node time', () => {
	expect(pureShareOfNodeTime(10000, 20000, 4000)).toBe(0.5);
	expect(pureShareOfNodeTime(null, 20000, 4000)).toBe(null);
});

describe('report', () => {
	const figure = (median) => ({ median, runs: [median] });
	const results = (nodePerSecond) => ({
		verification: {
			open: 100000,
			heapBytes: figure(34e6),
			checks: 100000,
			checksPerSecond: figure(15000),
			...(nodePerSecond
				? {
						nodeChecks: 20000,
						nodeMs: figure((20000 / nodePerSecond) * 1000),
						nodeChecksPerSecond: figure(nodePerSecond),
						pureShareOfNodeTime: nodePerSecond / 15000,
					}
				: {}),
		},
	});

	test('the memory, pure and in-node rows, each with its target', () => {
		const rows = ratioRows(results(8000), { n: [] });
		expect(rows.map((r) => [r.group, r.target, r.met])).toEqual([
			['Verification, 100,000 open verifications', '≤ 1', true],
			['Verification, pure', '≥ 1', true],
			['Verification, Check Code in n8n, N = 20,000', '≥ 1', true],
		]);
		expect(rows[2]).toMatchObject({
			what: 'checks per second (N / node time)',
			versus: '5,000 per second',
			ours: 8000,
			other: 5000,
			ratio: 1.6,
		});
		expect(ratioRows(results(4999), { n: [] })[2].met).toBe(false);
		expect(ratioRows(results(undefined), { n: [] })).toHaveLength(2);
	});

	test('the details give the node time, one check and the pure share', () => {
		const table = detailTable(results(8000));
		expect(table).toContain(
			'| Verification: Check Code in n8n on 20,000 items, node time | 2.50 s |',
		);
		expect(table).toContain('| Verification: one Check Code in n8n (node time / N) | 125 µs |');
		expect(table).toContain(
			'| Verification: share of that node time the pure token open + memory checks take | 53 % |',
		);
		expect(detailTable(results(undefined))).not.toContain('Check Code in n8n');
	});
});
