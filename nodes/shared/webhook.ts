import { createHash, timingSafeEqual } from 'crypto';
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { BoundedMemo } from './memo';
import { isObject } from './json';

/** Whether two secrets are equal, in time that depends neither on where they differ nor on their lengths. */
export function safeEqual(given: string, expected: string): boolean {
	const a = createHash('sha256').update(given, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b);
}

/** The request body as n8n received it, before parsing, if n8n kept it. */
export function rawBodyText(context: IWebhookFunctions): string | undefined {
	const raw = (context.getRequestObject() as { rawBody?: unknown }).rawBody;
	if (typeof raw === 'string') return raw;
	if (raw instanceof Uint8Array) return Buffer.from(raw).toString('utf8');
	return undefined;
}

/** The callback's fields; neither provider documents its Content-Type, so a raw body is read as JSON too. */
export function readWebhookBody(context: IWebhookFunctions): IDataObject {
	const body = context.getBodyData() as unknown;
	if (isObject(body) && Object.keys(body).length > 0) return body;
	const text = rawBodyText(context);
	if (text !== undefined && text.trim().startsWith('{')) {
		try {
			const parsed = JSON.parse(text) as unknown;
			if (isObject(parsed)) return parsed;
		} catch (error) {
			context.logger.debug('Callback body is not valid JSON', {
				node: context.getNode().name,
				error: (error as Error).message,
			});
		}
	}
	return isObject(body) ? body : {};
}

/** Answers a post that starts no run (nothing is stored for it, so answering at once hides nothing). */
export function respondToWebhook(
	context: IWebhookFunctions,
	status: number,
	body: IDataObject,
): IWebhookResponseData {
	context.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

/** Refuses a post that failed the trigger's check: a warning in n8n's log, 401, no run. */
export function refuseWebhook(
	context: IWebhookFunctions,
	warning: string,
	details: IDataObject,
	body: IDataObject,
): IWebhookResponseData {
	context.logger.warn(warning, { node: context.getNode().name, ...details });
	return respondToWebhook(context, 401, body);
}

/**
 * Starts a run and leaves the answer to n8n, so the provider hears "received" only for a post n8n
 * has kept (docs/n8n-internals.md#webhook-answers).
 */
export function startRun(answer: IDataObject, items: INodeExecutionData[]): IWebhookResponseData {
	return { webhookResponse: answer, workflowData: [items] };
}

/** The webhook description's `responseData` that lets n8n send the node's `webhookResponse`. */
const RESPONSE_FROM_NODE = '';

/**
 * What a trigger whose URL is pasted at the provider declares: one POST webhook, answered by n8n
 * (with the node's webhookResponse) once the run is stored.
 */
export function pastedUrlTrigger(): Pick<
	INodeTypeDescription,
	'group' | 'inputs' | 'outputs' | 'webhooks'
> {
	return {
		group: ['trigger'],
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: RESPONSE_FROM_NODE,
				path: 'webhook',
			},
		],
	};
}

/** Calls `listener` with the answer's status once written (undefined: the connection closed first). */
export function whenAnswered(
	context: IWebhookFunctions,
	listener: (status: number | undefined) => void,
): boolean {
	const response = context.getResponseObject() as unknown as {
		once?: (event: string, callback: () => void) => void;
		statusCode?: number;
	};
	if (typeof response.once !== 'function') return false;
	let done = false;
	const settle = (status: number | undefined) => {
		if (done) return;
		done = true;
		listener(status);
	};
	response.once('finish', () => settle(response.statusCode));
	response.once('close', () => settle(undefined));
	return true;
}

/** Secrets a trigger read, reused for a minute (docs/n8n-internals.md#credentials-inside-webhook). */
const SECRET_REUSE_MS = 60_000;
const MAX_CACHED_SECRETS = 1000;
const cachedSecrets = new BoundedMemo<string>(MAX_CACHED_SECRETS, SECRET_REUSE_MS);

function secretCacheKey(context: IWebhookFunctions, credentialType: string): string | undefined {
	const node = context.getNode();
	const id = node.credentials?.[credentialType]?.id;
	if (!id) return undefined;
	return [context.getWorkflow().id ?? '', node.name, credentialType, id].join('\u0000');
}

async function readSecret(
	context: IWebhookFunctions,
	credentialType: string,
	field: string,
): Promise<string> {
	const data = await context.getCredentials<IDataObject>(credentialType);
	const value = data?.[field];
	return typeof value === 'string' ? value : '';
}

/** Reads in flight by cache key, shared by posts that find the secret stale together. */
const pendingReads = new Map<string, Promise<string>>();

/** Reads the secret and remembers it; with `share`, joins a read another post started. */
async function freshSecret(
	context: IWebhookFunctions,
	credentialType: string,
	field: string,
	key: string | undefined,
	share: boolean,
): Promise<{ value: string; joined: boolean }> {
	if (key === undefined)
		return { value: await readSecret(context, credentialType, field), joined: false };
	const pending = share ? pendingReads.get(key) : undefined;
	if (pending) return { value: await pending, joined: true };
	const readAt = Date.now();
	const read = readSecret(context, credentialType, field).then((value) => {
		cachedSecrets.set(key, value, readAt);
		return value;
	});
	if (share) {
		pendingReads.set(key, read);
		const forget = () => {
			if (pendingReads.get(key) === read) pendingReads.delete(key);
		};
		read.then(forget, forget);
	}
	return { value: await read, joined: false };
}

/**
 * Checks a post against a secret of the node's credential: the remembered one first, then a fresh
 * read, so a changed secret never refuses a post that carries the new one.
 */
export async function checkWithSecret<R extends { valid: boolean }>(
	context: IWebhookFunctions,
	credentialType: string,
	field: string,
	check: (secret: string) => R,
): Promise<R> {
	const key = secretCacheKey(context, credentialType);
	const cached = key === undefined ? undefined : cachedSecrets.get(key, Date.now());
	if (cached !== undefined) {
		const result = check(cached);
		if (result.valid) return result;
		return check((await freshSecret(context, credentialType, field, key, false)).value);
	}
	const shared = await freshSecret(context, credentialType, field, key, true);
	const result = check(shared.value);
	if (result.valid || !shared.joined) return result;
	return check((await freshSecret(context, credentialType, field, key, false)).value);
}

/**
 * The webhook lifecycle of a provider without a registration API: static data remembers the URL
 * last handed out, so an activation whose URL changed warns that the provider still has the old one.
 */
const URL_KEY = 'webhookUrl';
const SINCE_KEY = 'webhookUrlSince';
const PREVIOUS_KEY = 'previousWebhookUrl';

function currentUrl(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url) {
		throw new NodeOperationError(context.getNode(), 'n8n gave this trigger no webhook URL', {
			description: 'Check the instance’s webhook URL setting (WEBHOOK_URL) and activate again.',
		});
	}
	return url;
}

/** What the log tells the user to do with a trigger's URL at the provider. */
export interface PastedUrlSteps {
	/** Where to paste it, given the URL n8n handed out (the whole URL, as the provider needs it). */
	paste: (context: IHookFunctions, url: string) => string;
	/** Where to remove it once the trigger stops listening. */
	remove: string;
}

/** checkExists: true when the URL in static data is the one this activation serves. */
function pastedUrlExists(context: IHookFunctions): boolean {
	const data = context.getWorkflowStaticData('node');
	return data[URL_KEY] === currentUrl(context);
}

/** create: records the URL and logs where it has to be pasted. */
function recordPastedUrl(context: IHookFunctions, steps: PastedUrlSteps): boolean {
	const data = context.getWorkflowStaticData('node');
	const url = currentUrl(context);
	const whereToPaste = steps.paste(context, url);
	const previous = (data[URL_KEY] ?? data[PREVIOUS_KEY]) as string | undefined;
	const meta = { node: context.getNode().name, workflowId: context.getWorkflow().id };
	if (previous && previous !== url) {
		context.logger.warn(
			`${context.getNode().name}: the webhook URL changed from ${previous} to ${url}. ${whereToPaste}`,
			meta,
		);
	} else {
		context.logger.info(`${context.getNode().name} listens on ${url}. ${whereToPaste}`, meta);
	}
	data[URL_KEY] = url;
	data[SINCE_KEY] = new Date().toISOString();
	delete data[PREVIOUS_KEY];
	return true;
}

/** delete: forgets the URL (kept as the previous one) and reminds where to remove it. */
function forgetPastedUrl(context: IHookFunctions, steps: PastedUrlSteps): boolean {
	const data = context.getWorkflowStaticData('node');
	const url = data[URL_KEY] as string | undefined;
	if (url) {
		context.logger.info(`${context.getNode().name} stopped listening on ${url}. ${steps.remove}`, {
			node: context.getNode().name,
			workflowId: context.getWorkflow().id,
		});
		data[PREVIOUS_KEY] = url;
	}
	delete data[URL_KEY];
	delete data[SINCE_KEY];
	return true;
}

/** A trigger's webhookMethods when the user pastes its URL at the provider. */
export function pastedUrlLifecycle(steps: PastedUrlSteps): INodeType['webhookMethods'] {
	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return pastedUrlExists(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return recordPastedUrl(this, steps);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return forgetPastedUrl(this, steps);
			},
		},
	};
}

/** A credential test for a secret no provider endpoint can check: only its shape is tested. */
export function secretShapeTest(
	field: string,
	isUsable: (secret: string) => boolean,
	messages: { ok: string; fix: string },
): (
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
) => Promise<INodeCredentialTestResult> {
	return async function (this: ICredentialTestFunctions, credential: ICredentialsDecrypted) {
		const secret = String(credential.data?.[field] ?? '');
		return isUsable(secret)
			? { status: 'OK', message: messages.ok }
			: { status: 'Error', message: messages.fix };
	};
}
