'use strict';

const http = require('http');
const https = require('https');

/**
 * A handler result. Handlers never write to the socket themselves: they return one of
 * these, and the server decides what to do with it. That is what makes the
 * 'drop-after' and 'malformed-json' faults possible (process fully, then misbehave).
 */
function textResponse(status, text, contentType, headers = {}) {
	return { status, headers: { 'content-type': contentType, ...headers }, body: text };
}

function jsonResponse(
	status,
	value,
	contentType = 'application/json; charset=utf-8',
	headers = {},
) {
	return textResponse(status, JSON.stringify(value), contentType, headers);
}

/** Reads the whole request body as UTF-8 text. */
function readBody(req) {
	return new Promise((resolve, reject) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
		// 'close' without a complete body: the client went away ('aborted' is deprecated).
		req.on('close', () => {
			if (!req.complete) reject(new Error('request aborted'));
		});
	});
}

/**
 * Parses a request body once. `ok` is false for an empty body or invalid JSON, so each
 * provider can answer that in its own dialect.
 */
function parseJsonBody(raw) {
	if (raw === '') return { ok: false, value: undefined, empty: true };
	try {
		return { ok: true, value: JSON.parse(raw), empty: false };
	} catch {
		return { ok: false, value: undefined, empty: false };
	}
}

function isPlainObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * POSTs JSON to `url` (an outgoing webhook or callback) and never rejects: the outcome is
 * reported as { status, body, error }. `agent: false` so no keep-alive socket outlives the
 * simulator; `track` receives the ClientRequest so close() can abort it.
 */
function postJson(url, payload, headers, { timeoutMs = 5000, track } = {}) {
	return new Promise((resolve) => {
		let target;
		try {
			target = new URL(url);
		} catch (error) {
			resolve({ status: null, body: null, error: `invalid URL: ${error.message}` });
			return;
		}
		const transport = target.protocol === 'https:' ? https : http;
		const data = Buffer.from(JSON.stringify(payload), 'utf8');
		let settled = false;
		const finish = (outcome) => {
			if (!settled) {
				settled = true;
				resolve(outcome);
			}
		};
		const req = transport.request(
			target,
			{
				method: 'POST',
				agent: false,
				timeout: timeoutMs,
				headers: { ...headers, 'content-length': data.length },
			},
			(res) => {
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () =>
					finish({
						status: res.statusCode,
						body: Buffer.concat(chunks).toString('utf8'),
						error: null,
					}),
				);
				res.on('error', (error) =>
					finish({ status: res.statusCode, body: null, error: error.message }),
				);
			},
		);
		req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		req.on('error', (error) => finish({ status: null, body: null, error: error.message }));
		if (track) track(req);
		req.end(data);
	});
}

/** 'Too Many Requests' -> 'TooManyRequests': an error code in Bitel's PascalCase style. */
function pascalReason(status) {
	const phrase = http.STATUS_CODES[status] || `Http${status}`;
	return phrase.replace(/[^A-Za-z0-9 ]/g, '').replace(/(?:^|\s+)(\w)/g, (_, c) => c.toUpperCase());
}

module.exports = {
	textResponse,
	jsonResponse,
	readBody,
	parseJsonBody,
	isPlainObject,
	postJson,
	pascalReason,
};
