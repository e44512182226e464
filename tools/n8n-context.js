// @ts-check
/**
 * The one stand-in for n8n's node contexts, for tests that run a node without n8n: execute()
 * (IExecuteFunctions, with real HTTP against the simulator), webhook() (IWebhookFunctions) and
 * the webhook lifecycle (IHookFunctions). Each fake is typed as a Pick of n8n-workflow's
 * interface, so `npm run typecheck:test` fails when a member it provides no longer matches n8n's.
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
const { EventEmitter } = require('node:events');
const axios = require('axios').default;
const { NodeApiError } = require('n8n-workflow');
const { constructExecutionMetaData, returnJsonArray } = require('n8n-core');

/** @typedef {import('n8n-workflow').IExecuteFunctions} IExecuteFunctions */
/** @typedef {import('n8n-workflow').IWebhookFunctions} IWebhookFunctions */
/** @typedef {import('n8n-workflow').IHookFunctions} IHookFunctions */
/** @typedef {import('n8n-workflow').INode} INode */
/** @typedef {import('n8n-workflow').INodeType} INodeType */
/** @typedef {import('n8n-workflow').INodeTypeDescription} INodeTypeDescription */
/** @typedef {import('n8n-workflow').INodeExecutionData} INodeExecutionData */
/** @typedef {import('n8n-workflow').ICredentialType} ICredentialType */
/** @typedef {import('n8n-workflow').ICredentialDataDecryptedObject} ICredentialDataDecryptedObject */
/** @typedef {import('n8n-workflow').IHttpRequestOptions} IHttpRequestOptions */
/** @typedef {import('n8n-workflow').IDataObject} IDataObject */
/** @typedef {import('n8n-workflow').IContextObject} IContextObject */
/** @typedef {import('n8n-workflow').Logger} Logger */
/** @typedef {import('n8n-workflow').LogMetadata} LogMetadata */
/** @typedef {import('n8n-workflow').IWebhookResponseData} IWebhookResponseData */

/**
 * The members of IExecuteFunctions our nodes use, with n8n's signatures.
 * @typedef {Pick<IExecuteFunctions, 'getInputData' | 'getContext' | 'getWorkflowDataProxy'
 *   | 'getExecutionId' | 'getNode' | 'continueOnFail' | 'getCredentials' | 'getNodeParameter'
 *   | 'getWorkflowStaticData' | 'logger'>
 *   & { helpers: Pick<IExecuteFunctions['helpers'], 'httpRequest' | 'httpRequestWithAuthentication'
 *   | 'returnJsonArray' | 'constructExecutionMetaData'> }} FakeExecuteFunctions
 */
/**
 * The members of IWebhookFunctions the triggers use.
 * @typedef {Pick<IWebhookFunctions, 'getNodeParameter' | 'getCredentials' | 'getBodyData'
 *   | 'getQueryData' | 'getHeaderData' | 'getRequestObject' | 'getResponseObject' | 'getNode'
 *   | 'getWorkflow' | 'logger'> & { helpers: Pick<IWebhookFunctions['helpers'], 'returnJsonArray'> }}
 *   FakeWebhookFunctions
 */
/**
 * The members of IHookFunctions the triggers' webhook lifecycle uses.
 * @typedef {Pick<IHookFunctions, 'getNodeWebhookUrl' | 'getWorkflowStaticData' | 'getNode'
 *   | 'getWorkflow' | 'logger'>} FakeHookFunctions
 */
/** @typedef {{ level: string, message: string, meta?: LogMetadata }} LogEntry */
/** @typedef {{ method: string, url: string, headers: IDataObject, body: unknown }} RequestLogEntry */
/** A node class, as the tests import it from the TypeScript sources. @typedef {new () => INodeType} NodeClass */

/**
 * Resolves `={{$credentials.x}}` and `=Bearer {{$credentials.x}}` templates.
 * @param {unknown} value
 * @param {ICredentialDataDecryptedObject} credentials
 */
function resolveTemplate(value, credentials) {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return value
		.slice(1)
		.replace(/\{\{\s*\$credentials\??\.(\w+)\s*\}\}/g, (_, key) => String(credentials[key] ?? ''));
}

/**
 * @param {ICredentialType} credentialType
 * @param {ICredentialDataDecryptedObject} credentials
 * @param {IHttpRequestOptions} requestOptions
 * @returns {Promise<IHttpRequestOptions>}
 */
async function authenticate(credentialType, credentials, requestOptions) {
	const auth = credentialType.authenticate;
	if (!auth) return requestOptions;
	if (typeof auth === 'function') return await auth(credentials, requestOptions);
	/** @type {Record<string, any>} */
	const out = { ...requestOptions };
	for (const part of /** @type {const} */ (['headers', 'qs', 'body'])) {
		const extra = auth.properties[part];
		if (!extra) continue;
		out[part] = { ...(out[part] || {}) };
		for (const [key, value] of Object.entries(extra))
			out[part][key] = resolveTemplate(value, credentials);
	}
	return /** @type {IHttpRequestOptions} */ (out);
}

/** @param {ICredentialType} credentialType */
function expirableProperty(credentialType) {
	return (credentialType.properties || []).find(
		(p) => p.type === 'hidden' && p.typeOptions?.expirable,
	);
}

/**
 * n8n's IHttpRequestOptions -> axios, with n8n's defaults (JSON in and out).
 * @param {IHttpRequestOptions} options
 * @param {RequestLogEntry[]} [log]
 * @returns {Promise<any>}
 */
async function httpRequest(options, log) {
	const url = options.baseURL
		? `${options.baseURL.replace(/\/+$/, '')}${options.url}`
		: options.url;
	const ignore = options.ignoreHttpStatusErrors;
	/** @type {(status: number) => boolean} */
	const validateStatus =
		ignore && typeof ignore === 'object'
			? (status) => !ignore.except.includes(status)
			: ignore
				? () => true
				: (status) => status >= 200 && status < 300;
	const config = {
		method: options.method || 'GET',
		url,
		// n8n sends header values as given (strings in our nodes).
		headers: /** @type {Record<string, string>} */ ({ ...(options.headers || {}) }),
		params: options.qs,
		data: options.body,
		timeout: options.timeout,
		// n8n hands `encoding` to axios as its responseType ('text': the body is not parsed).
		responseType: /** @type {import('axios').ResponseType | undefined} */ (options.encoding),
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

/**
 * The node description's default for a parameter visible with the given parameters.
 * @param {INodeTypeDescription} description
 * @param {string} name
 * @param {IDataObject} parameters
 * @param {number} [typeVersion]
 * @returns {any}
 */
function defaultFor(description, name, parameters, typeVersion = 1) {
	for (const property of description.properties) {
		if (property.name !== name) continue;
		if (shown(description, property, parameters, typeVersion))
			return JSON.parse(JSON.stringify(property.default));
	}
	return undefined;
}

/**
 * Whether n8n shows a property: its `show` conditions all hold and no `hide` condition does. As n8n's
 * display check does, a parameter the test did not set counts with its default, even one this
 * version does not show; `@version` is the node's typeVersion.
 * @param {INodeTypeDescription} description
 * @param {import('n8n-workflow').INodeProperties} property
 * @param {IDataObject} parameters
 * @param {number} typeVersion
 * @returns {boolean}
 */
function shown(description, property, parameters, typeVersion) {
	/** @param {string} key @returns {any} */
	const current = (key) =>
		key === '@version'
			? typeVersion
			: (parameters[key] ?? description.properties.find((p) => p.name === key)?.default);
	const { show, hide } = property.displayOptions ?? {};
	const showing = Object.entries(show ?? {}).every(([key, values]) =>
		(values || []).includes(current(key)),
	);
	const hiding = Object.entries(hide ?? {}).some(([key, values]) =>
		(values || []).includes(current(key)),
	);
	return showing && !hiding;
}

/**
 * The node's parameters as n8n holds them: one set for every item. A parameter the test
 * gives a different value per item is, in a real workflow, an expression: it is saved as
 * one here, so the node (nodes/shared/fastParameters.ts) asks getNodeParameter per item.
 * @param {IDataObject[] | null} parameterSets
 * @param {IDataObject} first
 * @returns {IDataObject}
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
 * A parameter as n8n reads it: the value set, else the description's default, else the
 * caller's fallback; n8n throws for a parameter the node does not have.
 * @param {INodeTypeDescription} description
 * @param {IDataObject} parameters
 * @param {string} name
 * @param {unknown} fallback
 * @param {number} [typeVersion]
 * @returns {any}
 */
function parameterValue(description, parameters, name, fallback, typeVersion = 1) {
	// As n8n does, a value set on a parameter the node does not show is dropped.
	const defined = description.properties.filter((property) => property.name === name);
	const dropped =
		defined.length > 0 && !defined.some((p) => shown(description, p, parameters, typeVersion));
	if (parameters[name] !== undefined && !dropped) return parameters[name];
	const value = defaultFor(description, name, parameters, typeVersion);
	if (value !== undefined) return value;
	if (fallback !== undefined) return fallback;
	throw new Error(`Could not get parameter "${name}"`);
}

/**
 * A logger recording every call as { level, message, meta }; warnings and errors also go to
 * `warnings` (their messages).
 * @param {LogEntry[]} messages
 * @param {string[]} [warnings]
 * @returns {Logger}
 */
function recordingLogger(messages, warnings = []) {
	/** @param {string} level @param {boolean} [warning] */
	const add =
		(level, warning = false) =>
		/** @param {string} message @param {LogMetadata} [meta] */
		(message, meta) => {
			messages.push({ level, message, meta });
			if (warning) warnings.push(message);
		};
	return {
		debug: add('debug'),
		info: add('info'),
		warn: add('warn', true),
		error: add('error', true),
	};
}

/**
 * Runs a node's execute() once.
 * @param {NodeClass} NodeClass the node class (from the TypeScript sources, compiled by ts-jest)
 * @param {object} run
 * @param {IDataObject | IDataObject[]} [run.parameters] one object for every item, or an array with one per item
 * @param {INodeExecutionData[]} [run.items] input items (default: one empty item per parameter set)
 * @param {Record<string, ICredentialDataDecryptedObject>} [run.credentials] { [credentialTypeName]: data }
 *        (mutated: works as the credential store)
 * @param {Record<string, ICredentialType>} [run.credentialTypes] { [credentialTypeName]: credential class instance }
 * @param {boolean} [run.continueOnFail] Continue On Fail setting
 * @param {'continueRegularOutput' | 'continueErrorOutput'} [run.onError] the On Error setting
 *        (either continues on fail; n8n routes error items by it)
 * @param {number} [run.requestTimeoutCapMs] caps the request timeout the node asks for, so a test of
 *        a slow provider does not wait 30 s (the timeout path itself is unchanged)
 * @param {{ contextData: Record<string, IContextObject>, runIndex?: number }} [run.execution] the execution's data,
 *        shared by every run of the same execution (created on first use): `contextData` is what n8n keeps in
 *        runExecutionData.executionData.contextData (getContext('node') returns its
 *        `node:<name>` entry, as NodeHelpers.getContext does), `runIndex` the node's run index
 * @param {IDataObject} [run.staticData] the workflow's static data (created on first use)
 * @param {number} [run.typeVersion] the node's version in the workflow (default 1)
 * @param {boolean} [run.asTool] the node as an AI agent's tool (n8n gives its type a `Tool` suffix)
 */
async function runNode(NodeClass, run) {
	const node = new NodeClass();
	const description = node.description;
	const parameterSets = Array.isArray(run.parameters) ? run.parameters : null;
	const items =
		run.items || (parameterSets ? parameterSets.map(() => ({ json: {} })) : [{ json: {} }]);
	/** @param {number} itemIndex @returns {IDataObject} */
	const paramsFor = (itemIndex) =>
		(parameterSets ? parameterSets[itemIndex] : /** @type {IDataObject} */ (run.parameters)) || {};
	const credentialStore = run.credentials || {};
	const credentialTypes = run.credentialTypes || {};
	// `messages` keeps every logger call at every level (the fault suite scans them for secrets).
	/**
	 * `credentialsPassed`: the credential type of each request for which the node handed n8n
	 * the credential it had read (`credentialsDecrypted`).
	 * @type {{ requests: RequestLogEntry[], warnings: string[], messages: LogEntry[], credentialsPassed: string[] }}
	 */
	const logs = { requests: [], warnings: [], messages: [], credentialsPassed: [] };
	/** @type {INode} */
	const nodeInfo = {
		id: 'test-node',
		name: /** @type {string} */ (description.defaults.name),
		// As n8n names a node it hands an AI agent as a tool.
		type: `n8n-nodes-bitel.${description.name}${run.asTool ? 'Tool' : ''}`,
		typeVersion: run.typeVersion ?? 1,
		position: [0, 0],
		parameters: /** @type {INode['parameters']} */ (savedParameters(parameterSets, paramsFor(0))),
		// As in a saved workflow: the node names each credential it uses by id and name.
		credentials: Object.fromEntries(
			Object.keys(credentialStore).map((type) => [type, { id: `test-${type}`, name: type }]),
		),
		...(run.onError ? { onError: run.onError } : {}),
	};

	/** @param {IHttpRequestOptions} options */
	function capTimeout(options) {
		if (!run.requestTimeoutCapMs) return options;
		return { ...options, timeout: Math.min(options.timeout ?? Infinity, run.requestTimeoutCapMs) };
	}

	/** @type {FakeExecuteFunctions['helpers']} */
	const helpers = {
		httpRequest: (options) => httpRequest(capTimeout(options), logs.requests),
		returnJsonArray,
		constructExecutionMetaData,
		httpRequestWithAuthentication: async (typeName, options, additional) => {
			const type = credentialTypes[typeName];
			if (!type) throw new Error(`Test setup: no credential type ${typeName}`);
			if (!credentialStore[typeName]) throw new Error(`Test setup: no credentials for ${typeName}`);
			// Like n8n: credentials the node passes are used as they are, else read from the store.
			if (additional?.credentialsDecrypted) logs.credentialsPassed.push(typeName);
			const decrypted = additional?.credentialsDecrypted
				? additional.credentialsDecrypted.data
				: { ...credentialStore[typeName] };
			if (!decrypted) throw new Error(`Test setup: empty credentialsDecrypted for ${typeName}`);
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
		},
	};

	/**
	 * Like n8n: preAuthentication gets the credential as this request read it (with the
	 * token it used), and its result is stored and used for this request's resend.
	 * @param {string} typeName
	 * @param {boolean} force
	 * @param {ICredentialDataDecryptedObject} decrypted
	 */
	async function preAuthenticate(typeName, force, decrypted) {
		const type = credentialTypes[typeName];
		const property = type && expirableProperty(type);
		if (!type?.preAuthentication || !property) return;
		if (!force && decrypted[property.name]) return;
		const update = await type.preAuthentication.call(
			/** @type {import('n8n-workflow').IHttpRequestHelper} */ ({ helpers }),
			{ ...decrypted },
		);
		if (update) {
			Object.assign(credentialStore[typeName], update);
			Object.assign(decrypted, update);
		}
	}

	const execution = (run.execution ||= { contextData: {}, runIndex: 0 });
	/** @type {FakeExecuteFunctions} */
	const context = {
		getInputData: () => items,
		getContext: (type) => {
			const key = type === 'flow' ? 'flow' : `node:${nodeInfo.name}`;
			return (execution.contextData[key] ||= {});
		},
		// Our nodes read only $runIndex from the proxy.
		getWorkflowDataProxy: () =>
			/** @type {import('n8n-workflow').IWorkflowDataProxyData} */ (
				/** @type {unknown} */ ({ $runIndex: execution.runIndex ?? 0 })
			),
		getExecutionId: () => 'test-execution',
		getNode: () => nodeInfo,
		continueOnFail: () => run.continueOnFail === true || run.onError !== undefined,
		getCredentials: async (typeName) => {
			if (!credentialStore[typeName])
				throw new Error(`Node does not have credentials of type ${typeName}`);
			return /** @type {any} */ ({ ...credentialStore[typeName] });
		},
		getNodeParameter: /** @type {IExecuteFunctions['getNodeParameter']} */ (
			/** @param {string} name @param {number} itemIndex @param {unknown} [fallback] */
			(name, itemIndex, fallback) =>
				parameterValue(description, paramsFor(itemIndex), name, fallback, nodeInfo.typeVersion)
		),
		getWorkflowStaticData: () => (run.staticData ||= {}),
		logger: recordingLogger(logs.messages, logs.warnings),
		helpers,
	};

	if (!node.execute) throw new Error(`${description.name} has no execute()`);
	try {
		// Our nodes return their items (never an engine request for sub-nodes).
		const output = /** @type {INodeExecutionData[][]} */ (
			await node.execute.call(/** @type {IExecuteFunctions} */ (/** @type {unknown} */ (context)))
		);
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
 * @param {NodeClass} NodeClass
 * @param {Parameters<typeof runNode>[1]} run
 * @param {{ maxTries?: number }} [options]
 */
async function runNodeWithRetryOnFail(NodeClass, run, { maxTries = 3 } = {}) {
	const tries = [];
	for (let tryIndex = 0; tryIndex < maxTries; tryIndex++) {
		const result = await runNode(NodeClass, run);
		tries.push(result);
		const first = result.items && result.items[0];
		const failed =
			result.error !== undefined ||
			(first !== undefined && ![undefined, null, false].some((none) => first.json.error === none));
		if (!failed) break;
	}
	return { ...tries[tries.length - 1], tries };
}

/**
 * A response object recording what the node wrote (statusCode, body). With `answerable`, an
 * EventEmitter like Express's, so a test can play n8n's answer (`answer(status)`: the 'finish'
 * event) or a dropped connection ('close' alone); without, the node cannot watch the answer.
 * @param {{ answerable?: boolean }} [options]
 */
function fakeResponse({ answerable = false } = {}) {
	/** @type {any} */
	const response = answerable ? new EventEmitter() : {};
	response.statusCode = undefined;
	response.body = undefined;
	/** @param {number} status */
	response.answer = (status) => {
		response.statusCode = status;
		response.emit('finish');
		response.emit('close');
	};
	/** @param {number} code */
	response.status = (code) => {
		response.statusCode = code;
		return response;
	};
	/** @param {unknown} body */
	response.json = (body) => {
		response.body = body;
		return response;
	};
	response.send = response.json;
	response.end = () => response;
	return response;
}

/**
 * A fake IWebhookFunctions for one request to a trigger.
 * @param {NodeClass} NodeClass
 * @param {object} request
 * @param {IDataObject} [request.parameters] node parameters (the description's defaults fill the rest)
 * @param {Record<string, ICredentialDataDecryptedObject>} [request.credentials] { [type]: data }
 * @param {string[]} [request.credentialReads] collects the credential types read, in order
 * @param {INode['credentials']} [request.nodeCredentials] the node's credential references
 * @param {IDataObject} [request.body] the parsed body (n8n's getBodyData)
 * @param {Buffer | string} [request.rawBody] the raw body (default: the JSON of `body`)
 * @param {IDataObject} [request.query] query parameters
 * @param {import('node:http').IncomingHttpHeaders} [request.headers]
 * @param {object} [request.response] what getResponseObject returns (default: fakeResponse())
 * @param {string} [request.workflowId] the id getWorkflow() reports (default 'wf1')
 * @param {LogEntry[]} [request.logs] collects the logger's calls
 */
function webhookContext(NodeClass, request = {}) {
	const description = new NodeClass().description;
	const parameters = request.parameters || {};
	const body = request.body ?? {};
	const query = request.query ?? {};
	const headers = request.headers ?? {};
	const response = request.response ?? fakeResponse();
	/** @type {INode} */
	const nodeInfo = {
		id: 'n1',
		name: /** @type {string} */ (description.defaults.name),
		type: description.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: /** @type {INode['parameters']} */ (parameters),
		credentials: request.nodeCredentials,
	};
	/** @type {FakeWebhookFunctions} */
	const context = {
		getNodeParameter: /** @type {IWebhookFunctions['getNodeParameter']} */ (
			/** @param {string} name @param {unknown} [fallback] */
			// The node's version picks the defaults, as n8n fills them in when it loads the node.
			(name, fallback) =>
				parameterValue(description, parameters, name, fallback, context.getNode().typeVersion)
		),
		getCredentials: async (type) => {
			if (request.credentialReads) request.credentialReads.push(type);
			const data = request.credentials && request.credentials[type];
			if (!data) throw new Error(`Node does not have credentials of type ${type}`);
			return /** @type {any} */ ({ ...data });
		},
		getBodyData: () => body,
		getQueryData: () => query,
		getHeaderData: () => headers,
		getRequestObject: () =>
			/** @type {ReturnType<IWebhookFunctions['getRequestObject']>} */ ({
				rawBody:
					request.rawBody === undefined ? Buffer.from(JSON.stringify(body)) : request.rawBody,
				query,
				headers,
			}),
		getResponseObject: () => response,
		getNode: () => nodeInfo,
		getWorkflow: () => ({ id: request.workflowId ?? 'wf1', name: 'Test', active: true }),
		logger: recordingLogger(request.logs || []),
		helpers: { returnJsonArray },
	};
	return context;
}

/**
 * Calls a trigger's webhook() once with a fake IWebhookFunctions (see webhookContext).
 * @param {NodeClass} NodeClass
 * @param {Parameters<typeof webhookContext>[1]} [request]
 * @returns {Promise<{ result: IWebhookResponseData, response: any, logs: LogEntry[], json: IDataObject | undefined }>}
 */
async function callWebhook(NodeClass, request = {}) {
	const node = new NodeClass();
	if (!node.webhook) throw new Error(`${node.description.name} has no webhook()`);
	/** @type {LogEntry[]} */
	const logs = [];
	const response = request.response ?? fakeResponse();
	const context = webhookContext(NodeClass, { ...request, response, logs });
	const result = await node.webhook.call(
		/** @type {IWebhookFunctions} */ (/** @type {unknown} */ (context)),
	);
	return { result, response, logs, json: result.workflowData?.[0]?.[0]?.json };
}

/**
 * A fake IHookFunctions for the webhook lifecycle (checkExists, create, delete); `state.url`
 * and `state.staticData` can be changed between calls.
 * @param {{ url?: string, staticData: IDataObject }} state
 * @returns {{ context: IHookFunctions, logs: LogEntry[] }}
 */
function hookContext(state) {
	/** @type {LogEntry[]} */
	const logs = [];
	/** @type {FakeHookFunctions} */
	const context = {
		getNodeWebhookUrl: () => state.url,
		getWorkflowStaticData: () => state.staticData,
		getNode: () => /** @type {INode} */ ({ name: 'Trigger' }),
		getWorkflow: () => ({ id: 'wf1', active: true }),
		logger: recordingLogger(logs),
	};
	return { context: /** @type {IHookFunctions} */ (/** @type {unknown} */ (context)), logs };
}

module.exports = {
	runNode,
	runNodeWithRetryOnFail,
	resolveTemplate,
	fakeResponse,
	webhookContext,
	callWebhook,
	hookContext,
};
