import type { JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	classifyHttpFailure,
	isRetryable,
	parseRetryAfter,
	readHeader,
} from '../../nodes/shared/failures';
import { DEFAULT_RETRY_POLICY, nextRetryDelay, sendWithRetry } from '../../nodes/shared/retry';

const node = {
	id: '1',
	name: 'Bitel',
	type: 'n8n-nodes-bitel.bitel',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};

/** An error shaped like the one axios throws for an HTTP answer. */
function httpError(
	status: number,
	data: unknown,
	headers: Record<string, string> = {},
): JsonObject {
	return Object.assign(
		new Error(`Request failed with status code ${status}`) as unknown as JsonObject,
		{
			isAxiosError: true,
			response: { status, data, headers },
		},
	);
}

function networkError(code: string): JsonObject {
	return Object.assign(new Error(code) as unknown as JsonObject, { code, isAxiosError: true });
}

describe('classifyHttpFailure', () => {
	it('reads the status, body and Retry-After through n8n’s NodeApiError wrapper', () => {
		const wrapped = new NodeApiError(
			node,
			httpError(429, { error: 'TooMany' }, { 'Retry-After': '2' }),
		);
		expect(classifyHttpFailure(wrapped)).toEqual({
			kind: 'rateLimited',
			httpStatus: 429,
			body: { error: 'TooMany' },
			retryAfterMs: 2000,
		});
	});

	it.each([
		[400, 'rejected'],
		[401, 'rejected'],
		[404, 'rejected'],
		[500, 'unknown'],
		[502, 'unknown'],
		[503, 'unknown'],
	])('HTTP %i is %s', (status, kind) => {
		expect(classifyHttpFailure(new NodeApiError(node, httpError(status, {}))).kind).toBe(kind);
	});

	it.each([
		['ECONNREFUSED', 'refused'],
		['ENOTFOUND', 'notSent'],
		['EAI_AGAIN', 'notSent'],
		['ECONNRESET', 'unknown'],
		['ECONNABORTED', 'unknown'],
		['ETIMEDOUT', 'unknown'],
		['EPIPE', 'unknown'],
	])('network error %s is %s', (code, kind) => {
		expect(classifyHttpFailure(new NodeApiError(node, networkError(code))).kind).toBe(kind);
	});

	it('treats an error it cannot read as unknown, never as safe to resend', () => {
		expect(classifyHttpFailure(new Error('something odd'))).toEqual({
			kind: 'unknown',
			networkCode: undefined,
		});
		expect(classifyHttpFailure(undefined).kind).toBe('unknown');
	});

	it('only refused requests are retryable', () => {
		expect(isRetryable({ kind: 'rateLimited' })).toBe(true);
		expect(isRetryable({ kind: 'refused' })).toBe(true);
		for (const kind of ['notSent', 'rejected', 'unknown'] as const)
			expect(isRetryable({ kind })).toBe(false);
	});
});

describe('Retry-After and headers', () => {
	it('parses seconds and HTTP dates', () => {
		expect(parseRetryAfter('3')).toBe(3000);
		expect(parseRetryAfter('0.5')).toBe(500);
		const now = Date.parse('2026-11-23T10:00:00Z');
		expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:04 GMT', now)).toBe(4000);
		expect(parseRetryAfter('soon')).toBeUndefined();
		expect(parseRetryAfter(undefined)).toBeUndefined();
	});

	it('reads headers case-insensitively, from plain objects and getters', () => {
		expect(readHeader({ 'Retry-After': '5' }, 'retry-after')).toBe('5');
		expect(
			readHeader(
				{ get: (name: string) => (name === 'retry-after' ? 7 : undefined) },
				'retry-after',
			),
		).toBe('7');
		expect(readHeader(undefined, 'retry-after')).toBeUndefined();
	});
});

describe('retry policy', () => {
	const policy = { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000, maxTotalWaitMs: 1500 };

	it('backs off exponentially on connection refused', () => {
		expect([1, 2, 3].map((retry) => nextRetryDelay({ kind: 'refused' }, retry, 0, policy))).toEqual(
			[100, 200, 400],
		);
		expect(nextRetryDelay({ kind: 'refused' }, 4, 0, policy)).toBeUndefined();
	});

	it('waits what Retry-After asks, within the single and total bounds', () => {
		expect(nextRetryDelay({ kind: 'rateLimited', retryAfterMs: 700 }, 1, 0, policy)).toBe(700);
		expect(
			nextRetryDelay({ kind: 'rateLimited', retryAfterMs: 2000 }, 1, 0, policy),
		).toBeUndefined();
		expect(
			nextRetryDelay({ kind: 'rateLimited', retryAfterMs: 700 }, 2, 900, policy),
		).toBeUndefined();
	});

	it('never retries a request that may have reached the provider', () => {
		for (const kind of ['unknown', 'rejected', 'notSent'] as const) {
			expect(nextRetryDelay({ kind }, 1, 0, DEFAULT_RETRY_POLICY)).toBeUndefined();
		}
	});

	it('sendWithRetry sends once more after each refusal and stops at an unknown outcome', async () => {
		const waits: number[] = [];
		const failures = [
			networkError('ECONNREFUSED'),
			httpError(429, {}, { 'retry-after': '1' }),
			httpError(502, 'Bad gateway'),
		];
		let sends = 0;
		const result = await sendWithRetry(
			async () => {
				throw failures[sends++];
			},
			policy,
			async (ms) => {
				waits.push(ms);
			},
		);
		expect(sends).toBe(3);
		expect(waits).toEqual([100, 1000]);
		expect(result).toMatchObject({
			ok: false,
			attempts: 3,
			failure: { kind: 'unknown', httpStatus: 502 },
		});
	});

	it('sendWithRetry returns the value on success', async () => {
		await expect(
			sendWithRetry(
				async () => 'done',
				policy,
				async () => {},
			),
		).resolves.toEqual({ ok: true, value: 'done', attempts: 1 });
	});
});
