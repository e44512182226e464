'use strict';
/** Loopback HTTP without connection reuse, free ports, waits. */

const net = require('node:net');
const http = require('node:http');
const { secs } = require('./processes');

/** A free TCP port on 127.0.0.1 (the OS picks it). */
function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

function sleep(ms) {
	return new Promise((r) => setTimeout(r, ms));
}

/**
 * One HTTP request without connection reuse (so nothing keeps the caller's process alive):
 * resolves {status, headers, text}; rejects on network errors and after `timeoutMs`.
 */
function httpRequest(method, url, { headers = {}, body, timeoutMs = 60000 } = {}) {
	return new Promise((resolve, reject) => {
		const u = new URL(url);
		const payload =
			body === undefined
				? undefined
				: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
		const req = http.request(
			{
				method,
				hostname: u.hostname,
				port: u.port,
				path: `${u.pathname}${u.search}`,
				agent: false,
				headers: {
					connection: 'close',
					...(payload
						? { 'content-type': 'application/json', 'content-length': payload.length }
						: {}),
					...headers,
				},
			},
			(res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					clearTimeout(timer);
					resolve({
						status: res.statusCode,
						headers: res.headers,
						text: Buffer.concat(chunks).toString('utf8'),
					});
				});
				res.on('error', (err) => {
					clearTimeout(timer);
					reject(err);
				});
			},
		);
		const timer = setTimeout(
			() => req.destroy(new Error(`${method} ${url} timed out after ${secs(timeoutMs)}`)),
			timeoutMs,
		);
		req.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		req.end(payload);
	});
}

module.exports = { freePort, sleep, httpRequest };
