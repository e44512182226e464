/**
 * A small stand-in for n8n's execute context, for integration tests that run a node's
 * execute() with real HTTP against the simulator.
 *
 * It copies the behaviour of n8n 2.x that our nodes rely on (read from n8n's source,
 * packages/core/.../request-helpers/authentication.ts), and the real-n8n e2e suite
 * checks the same paths in n8n itself:
 * - httpRequestWithAuthentication: preAuthentication when the credential's expirable
 *   field is empty, the credential's `authenticate`, the request; on HTTP 401 one forced
 *   preAuthentication and one retry; every failure wrapped as NodeApiError(node, error).
 * - The preAuthentication result is stored with the credential (here: `credentialStore`),
 *   so reusing the store across runs behaves like n8n persisting the token.
 */
const axios = require('axios');
const { NodeApiError } = require('n8n-workflow');
const { constructExecutionMetaData, returnJsonArray } = require('n8n-core');

/** Resolves `={{$credentials.x}}` and `=Bearer {{$credentials.x}}` templates. */
function resolveTemplate(value, credentials) {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return value
		.slice(1)
		.replace(/\{\{\s*\$credentials\??\.(\w+)\s*\}\}/g, (_, key) => String(credentials[key] ?? ''));
}

async function authenticate(credentialType, credentials, requestOptions) {
	const auth = credentialType.authenticate;
	if (!auth) return requestOptions;
	if (typeof auth === 'function') return await auth(credentials, requestOptions);
	const out = { ...requestOptions };
	for (const part of ['headers', 'qs', 'body']) {
		const extra = auth.properties[part];
		if (!extra) continue;
		out[part] = { ...(out[part] || {}) };
		for (const [key, value] of Object.entries(extra))
			out[part][key] = resolveTemplate(value, credentials);
	}
	return out;
}

function expirableProperty(credentialType) {
	return (credentialType.properties || []).find(
		(p) => p.type === 'hidden' && p.typeOptions?.expirable,
	);
}

/** n8n's IHttpRequestOptions -> axios, with n8n's defaults (JSON in and out). */
async function httpRequest(options, log) {
	const url = options.baseURL
		? `${options.baseURL.replace(/\/+$/, '')}${options.url}`
		: options.url;
	const ignore = options.ignoreHttpStatusErrors;
	const validateStatus =
		ignore && typeof ignore === 'object'
			? (status) => !ignore.except.includes(status)
			: ignore
				? () => true
				: (status) => status >= 200 && status < 300;
	const config = {
		method: options.method || 'GET',
		url,
		headers: { ...(options.headers || {}) },
		params: options.qs,
		data: options.body,
		timeout: options.timeout,
		// n8n hands `encoding` to axios as its responseType ('text': the body is not parsed).
		responseType: options.encoding,
		validateStatus,
		maxRedirects: 0,
	};
	if (log) log.push({ method: config.method, url, headers: config.headers, body: options.body });
	const response = await axios.request(config);
	if (options.returnFullResponse) {
		return {
			body: response.data,
			headers: response.headers,
			statusCode: response.status,
			statusMessage: response.statusText,
		};
	}
	return response.data;
}

/** The node description's default for a parameter visible with the given parameters. */
function defaultFor(description, name, parameters) {
	for (const property of description.properties) {
		if (property.name !== name) continue;
		const show = property.displayOptions?.show;
		const visible =
			!show ||
			Object.entries(show).every(([key, values]) => {
				const current = parameters[key] ?? defaultFor(description, key, {});
				return values.includes(current);
			});
		if (visible) return JSON.parse(JSON.stringify(property.default));
	}
	return undefined;
}

/**
 * The node's parameters as n8n holds them: one set for every item. A parameter the test
 * gives a different value per item is, in a real workflow, an expression: it is saved as
 * one here, so the node (nodes/shared/fastParameters.ts) asks getNodeParameter per item.
 */
function savedParameters(parameterSets, first) {
	if (!parameterSets) return first;
	const saved = { ...first };
	const names = new Set(parameterSets.flatMap((set) => Object.keys(set || {})));
	for (const name of names) {
		const values = parameterSets.map((set) => JSON.stringify((set || {})[name]));
		if (values.some((value) => value !== values[0])) saved[name] = '={{ "differs per item" }}';
	}
	return saved;
}

/**
 * Runs a node's execute() once.
 * @param NodeClass the node class (from the TypeScript sources, compiled by ts-jest)
 * @param {object} run
 * @param run.parameters one object for every item, or an array with one per item
 * @param run.items input items (default: one empty item per parameter set)
 * @param run.credentials { [credentialTypeName]: data }  (mutated: works as the credential store)
 * @param run.credentialTypes { [credentialTypeName]: credential class instance }
 * @param run.continueOnFail Continue On Fail setting
 * @param run.requestTimeoutCapMs caps the request timeout the node asks for, so a test of
 *        a slow provider does not wait 30 s (the timeout path itself is unchanged)
 * @param run.execution the execution's data, shared by every run of the same execution
 *        (created on first use): `contextData` is what n8n keeps in
 *        runExecutionData.executionData.contextData (getContext('node') returns its
 *        `node:<name>` entry, as NodeHelpers.getContext does), `runIndex` the node's run index
 */
async function runNode(NodeClass, run) {
	const node = new NodeClass();
	const description = node.description;
	const parameterSets = Array.isArray(run.parameters) ? run.parameters : null;
	const items =
		run.items || (parameterSets ? parameterSets.map(() => ({ json: {} })) : [{ json: {} }]);
	const paramsFor = (itemIndex) =>
		(parameterSets ? parameterSets[itemIndex] : run.parameters) || {};
	const credentialStore = run.credentials || {};
	const credentialTypes = run.credentialTypes || {};
	// `messages` keeps every logger call at every level (the fault suite scans them for secrets).
	const logs = { requests: [], warnings: [], messages: [] };
	const nodeInfo = {
		id: 'test-node',
		name: description.defaults.name,
		type: `n8n-nodes-bitel.${description.name}`,
		typeVersion: 1,
		position: [0, 0],
		parameters: savedParameters(parameterSets, paramsFor(0)),
	};

	const helpers = {
		httpRequest: (options) => httpRequest(capTimeout(options), logs.requests),
		returnJsonArray,
		constructExecutionMetaData,
	};

	function capTimeout(options) {
		if (!run.requestTimeoutCapMs) return options;
		return { ...options, timeout: Math.min(options.timeout ?? Infinity, run.requestTimeoutCapMs) };
	}

	// Like n8n: preAuthentication gets the credential as this request read it (with the
	// token it used), and its result is stored and used for this request's resend.
	async function preAuthenticate(typeName, force, decrypted) {
		const type = credentialTypes[typeName];
		const property = type && expirableProperty(type);
		if (!type?.preAuthentication || !property) return;
		if (!force && decrypted[property.name]) return;
		const update = await type.preAuthentication.call({ helpers }, { ...decrypted });
		if (update) {
			Object.assign(credentialStore[typeName], update);
			Object.assign(decrypted, update);
		}
	}

	helpers.httpRequestWithAuthentication = async function (typeName, options) {
		const type = credentialTypes[typeName];
		if (!type) throw new Error(`Test setup: no credential type ${typeName}`);
		if (!credentialStore[typeName]) throw new Error(`Test setup: no credentials for ${typeName}`);
		const decrypted = { ...credentialStore[typeName] };
		try {
			await preAuthenticate(typeName, false, decrypted);
			const authenticated = await authenticate(type, decrypted, { ...options });
			return await httpRequest(capTimeout(authenticated), logs.requests);
		} catch (error) {
			if (error?.response?.status === 401) {
				try {
					await preAuthenticate(typeName, true, decrypted);
					const authenticated = await authenticate(type, decrypted, { ...options });
					return await httpRequest(capTimeout(authenticated), logs.requests);
				} catch (retryError) {
					throw new NodeApiError(nodeInfo, retryError);
				}
			}
			throw new NodeApiError(nodeInfo, error);
		}
	};

	const execution = (run.execution ||= { contextData: {}, runIndex: 0 });
	const context = {
		getInputData: () => items,
		getContext: (type) => {
			const key = type === 'flow' ? 'flow' : `node:${nodeInfo.name}`;
			return (execution.contextData[key] ||= {});
		},
		getWorkflowDataProxy: () => ({ $runIndex: execution.runIndex ?? 0 }),
		getExecutionId: () => 'test-execution',
		getNode: () => nodeInfo,
		continueOnFail: () => run.continueOnFail === true,
		getCredentials: async (typeName) => {
			if (!credentialStore[typeName])
				throw new Error(`Node does not have credentials of type ${typeName}`);
			return { ...credentialStore[typeName] };
		},
		getNodeParameter(name, itemIndex, fallback) {
			const params = paramsFor(itemIndex);
			if (params[name] !== undefined) return params[name];
			const value = defaultFor(description, name, params);
			if (value !== undefined) return value;
			if (fallback !== undefined) return fallback;
			throw new Error(`Could not get parameter "${name}"`);
		},
		getWorkflowStaticData: () => (run.staticData ||= {}),
		logger: {
			debug: (message, meta) => logs.messages.push({ level: 'debug', message, meta }),
			info: (message, meta) => logs.messages.push({ level: 'info', message, meta }),
			warn: (message, meta) => {
				logs.messages.push({ level: 'warn', message, meta });
				logs.warnings.push(message);
			},
			error: (message, meta) => {
				logs.messages.push({ level: 'error', message, meta });
				logs.warnings.push(message);
			},
		},
		helpers,
	};

	try {
		const output = await node.execute.call(context);
		return { output, items: output[0], error: undefined, credentialStore, logs };
	} catch (error) {
		return { output: undefined, items: undefined, error, credentialStore, logs };
	}
}

/**
 * Runs a node the way n8n 2.41's Retry On Fail does (n8n-core workflow-execute.js,
 * processRunExecutionData): up to `maxTries` runs of execute() in the same execution
 * (same contextData, same run index), a new try after a thrown error, or after output
 * whose first item carries `json.error` (its `checkFailure`), the last try's result kept.
 * Returns the last run's result plus every try's.
 */
async function runNodeWithRetryOnFail(NodeClass, run, { maxTries = 3 } = {}) {
	const tries = [];
	for (let tryIndex = 0; tryIndex < maxTries; tryIndex++) {
		const result = await runNode(NodeClass, run);
		tries.push(result);
		const first = result.items && result.items[0];
		const failed =
			result.error !== undefined ||
			(first !== undefined && ![undefined, null, false].includes(first.json.error));
		if (!failed) break;
	}
	return { ...tries[tries.length - 1], tries };
}

module.exports = { runNode, runNodeWithRetryOnFail, resolveTemplate };
