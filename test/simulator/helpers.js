'use strict';

/* What the simulator's own tests share: a simulator per test, HTTP calls in each API's shape, a callback receiver. */

const http = require('http');
const { startSimulator, DEFAULTS } = require('../../tools/simulator');

const BITEL_TOKEN = DEFAULTS.bitel.token;
const VOICE = DEFAULTS.bitel.voiceId;
const P = {
	otp: '/api/v2/voice/otp',
	single: '/api/v2/voice/single',
	singleTts: '/api/v2/voice/single/tts',
	batch: '/api/v2/voice/batch',
	batchTts: '/api/v2/voice/batch/tts',
	status: (id) => `/api/v2/voice/status/${id}`,
	token: '/apigovernance/api/oauth/tokenByAkSk',
	create: '/apiaccess/rest/voiceNotification/v2/createVoiceNotification',
	cdr: '/apiaccess/CC-Management/v1/mobileAgent/queryCallDetailRecord',
};
const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ------------------------------------------------------------------ helpers

const sims = [];
const receivers = [];
async function sim(options) {
	const s = await startSimulator(options);
	sims.push(s);
	return s;
}
/** Closes every simulator and receiver a test started (each test file: afterEach(closeAll)). */
async function closeAll() {
	await Promise.all(sims.splice(0).map((s) => s.close()));
	await Promise.all(receivers.splice(0).map((r) => r.close()));
}

async function request(s, method, path, { body, raw, headers = {} } = {}) {
	const res = await fetch(s.url + path, {
		method,
		headers: { 'content-type': 'application/json', ...headers },
		body: raw !== undefined ? raw : body === undefined ? undefined : JSON.stringify(body),
	});
	const text = await res.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}

const bitel = (s, path, body, token = BITEL_TOKEN) =>
	request(s, 'POST', path, { body, headers: token ? { authorization: `Bearer ${token}` } : {} });
const bitelStatus = (s, id, token = BITEL_TOKEN) =>
	request(s, 'GET', P.status(id), { headers: { authorization: `Bearer ${token}` } });

async function besToken(
	s,
	{ expire, appKey = DEFAULTS.bes.appKey, appSecret = DEFAULTS.bes.appSecret } = {},
) {
	const headers = expire === undefined ? {} : { 'x-token-expire': String(expire) };
	const res = await request(s, 'POST', P.token, {
		body: { app_key: appKey, app_secret: appSecret },
		headers,
	});
	return res.json.AccessToken;
}
function bes(s, path, body, token, { appKey = DEFAULTS.bes.appKey } = {}) {
	const headers = { authorization: `Bearer ${token}` };
	if (appKey !== null) headers['x-app-key'] = appKey;
	return request(s, 'POST', path, { body, headers });
}
const notification = (extra = {}) => ({
	called: '88880001',
	playList: [{ voiceId: DEFAULTS.bes.voiceId }],
	...extra,
});

/** A local HTTP server standing in for n8n: records what it receives, answers BES-style. */
async function receiver() {
	const received = [];
	const server = http.createServer((req, res) => {
		let data = '';
		req.on('data', (c) => (data += c));
		req.on('end', () => {
			received.push({
				method: req.method,
				url: req.url,
				headers: req.headers,
				body: JSON.parse(data),
			});
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ retCode: '0', retMsg: 'success' }));
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const r = {
		url: `http://127.0.0.1:${server.address().port}`,
		received,
		close: () =>
			new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
	receivers.push(r);
	return r;
}

module.exports = {
	BITEL_TOKEN,
	VOICE,
	P,
	b64,
	sleep,
	sim,
	closeAll,
	request,
	bitel,
	bitelStatus,
	besToken,
	bes,
	notification,
	receiver,
};
