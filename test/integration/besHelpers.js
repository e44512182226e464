/**
 * What the BES integration tests share: running the BES node against the simulator with
 * a credential store that persists like n8n's, and reading what BES received.
 * Not a test file itself (no `.test.` in the name).
 */
const { DEFAULTS, startSimulator } = require('../../tools/simulator');
const { runNode, resolveTemplate } = require('../../tools/n8n-context');
const { Bes } = require('../../nodes/Bes/Bes.node');
const { BesApi } = require('../../credentials/BesApi.credentials');

const APP_KEY = DEFAULTS.bes.appKey;
const APP_SECRET = DEFAULTS.bes.appSecret;
const VOICE_ID = DEFAULTS.bes.voiceId;
const TEMPLATE_ID = DEFAULTS.bes.templateId;

const PATHS = {
	token: '/apigovernance/api/oauth/tokenByAkSk',
	create: '/apiaccess/rest/voiceNotification/v2/createVoiceNotification',
	records: '/apiaccess/CC-Management/v1/mobileAgent/queryCallDetailRecord',
};

/** A fresh BES API credential as n8n stores it before its first use (no token yet). */
function besCredentials(sim, overrides = {}) {
	return {
		besApi: {
			baseUrl: sim.url,
			appKey: APP_KEY,
			appSecret: APP_SECRET,
			lifetimeSeconds: 3600,
			accessToken: '',
			...overrides,
		},
	};
}

/**
 * Runs the BES node. `store` is the credential store; pass the same object again to
 * behave like n8n, which keeps the minted token with the saved credential.
 */
function runBes(parameters, { store, continueOnFail, requestTimeoutCapMs } = {}) {
	return runNode(Bes, {
		parameters,
		credentials: store,
		credentialTypes: { besApi: new BesApi() },
		continueOnFail,
		requestTimeoutCapMs,
	});
}

function createParams(overrides = {}) {
	return {
		resource: 'voiceNotification',
		operation: 'create',
		called: '88880000',
		playList: { entry: [{ source: 'voiceId', value: VOICE_ID }] },
		...overrides,
	};
}

function recordsParams(overrides = {}) {
	return { resource: 'voiceNotification', operation: 'getRecords', ...overrides };
}

const requestsTo = (sim, path) => sim.requests({ provider: 'bes', path });
const tokenRequests = (sim) => requestsTo(sim, PATHS.token);
const createRequests = (sim) => requestsTo(sim, PATHS.create);
const recordRequests = (sim) => requestsTo(sim, PATHS.records);

/**
 * What n8n 2.41's CredentialsTester does with our `test`, for the parts that matter:
 * preAuthentication first (it always runs during a test), then the test request
 * through httpRequestWithAuthentication; a failure's status is matched against the
 * rules, anything else reports the error's message.
 */
class CredentialProbe {
	constructor() {
		this.description = {
			displayName: 'Temp-Node',
			name: 'credentialProbe',
			defaults: { name: 'Temp-Node' },
			properties: [],
		};
	}

	async execute() {
		const credentials = await this.getCredentials('besApi');
		const { request } = new BesApi().test;
		const body = await this.helpers.httpRequestWithAuthentication.call(this, 'besApi', {
			...request,
			baseURL: resolveTemplate(request.baseURL, credentials),
			json: true,
		});
		return [[{ json: body }]];
	}
}

async function testCredential(store) {
	const run = await runNode(CredentialProbe, {
		parameters: {},
		credentials: store,
		credentialTypes: { besApi: new BesApi() },
	});
	if (!run.error) return { status: 'OK', body: run.items[0].json, run };
	const status = run.error.cause?.response?.status;
	const rule = new BesApi().test.rules.find((r) => r.properties.value === status);
	return { status: 'Error', message: rule ? rule.properties.message : run.error.message, run };
}

module.exports = {
	APP_KEY,
	APP_SECRET,
	VOICE_ID,
	TEMPLATE_ID,
	PATHS,
	DEFAULTS,
	startSimulator,
	besCredentials,
	runBes,
	createParams,
	recordsParams,
	tokenRequests,
	createRequests,
	recordRequests,
	testCredential,
};
