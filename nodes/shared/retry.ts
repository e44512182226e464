import { sleep } from 'n8n-workflow';

import type { HttpFailure } from './failures';
import { classifyHttpFailure, isRetryable } from './failures';

/** How long to wait for a provider that refuses requests: bounded, so an execution never hangs. */
export interface RetryPolicy {
	maxRetries: number;
	/** First back-off for connection refused; doubles each time. */
	baseDelayMs: number;
	/** Longest single wait, whatever Retry-After asks for. */
	maxDelayMs: number;
	/** Longest total wait across all retries of one request. */
	maxTotalWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	maxRetries: 4,
	baseDelayMs: 500,
	maxDelayMs: 15_000,
	maxTotalWaitMs: 30_000,
};

/** The wait before retry number `retry` (1-based), or undefined when it must not be retried. */
export function nextRetryDelay(
	failure: HttpFailure,
	retry: number,
	waitedMs: number,
	policy: RetryPolicy,
): number | undefined {
	if (!isRetryable(failure) || retry > policy.maxRetries) return undefined;
	const backOff = policy.baseDelayMs * 2 ** (retry - 1);
	const wanted =
		failure.kind === 'rateLimited' && failure.retryAfterMs !== undefined
			? failure.retryAfterMs
			: backOff;
	if (wanted > policy.maxDelayMs) return undefined; // the provider asks for longer than we may wait
	if (waitedMs + wanted > policy.maxTotalWaitMs) return undefined;
	return wanted;
}

export type SendResult<T> =
	| { ok: true; value: T; attempts: number }
	| { ok: false; failure: HttpFailure; attempts: number; error: unknown };

/** Sends a request, again only while the provider refuses it; never throws. */
export async function sendWithRetry<T>(
	send: () => Promise<T>,
	policy: RetryPolicy = DEFAULT_RETRY_POLICY,
	wait: (ms: number) => Promise<void> = sleep,
	classify: (error: unknown) => HttpFailure = classifyHttpFailure,
): Promise<SendResult<T>> {
	let waitedMs = 0;
	for (let attempt = 1; ; attempt++) {
		try {
			return { ok: true, value: await send(), attempts: attempt };
		} catch (error) {
			const failure = classify(error);
			const delay = nextRetryDelay(failure, attempt, waitedMs, policy);
			if (delay === undefined) return { ok: false, failure, attempts: attempt, error };
			waitedMs += delay;
			await wait(delay);
		}
	}
}
