import { createHash, timingSafeEqual } from 'crypto';
import type {
	IDataObject,
	IHookFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

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

/**
 * Starts a run and leaves the answer to n8n, so the provider hears "received" only for a post n8n
 * has kept (docs/n8n-internals.md#webhook-answers).
 */
export function startRun(answer: IDataObject, items: INodeExecutionData[]): IWebhookResponseData {
	return { webhookResponse: answer, workflowData: [items] };
}

/** The webhook description's `responseData` that lets n8n send the node's `webhookResponse`. */
export const RESPONSE_FROM_NODE = '';

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

/** checkExists: true when the URL in static data is the one this activation serves. */
export function manualWebhookExists(context: IHookFunctions): boolean {
	const data = context.getWorkflowStaticData('node');
	return data[URL_KEY] === currentUrl(context);
}

/** create: records the URL and logs where it has to be pasted. */
export function recordManualWebhook(context: IHookFunctions, whereToPaste: string): boolean {
	const data = context.getWorkflowStaticData('node');
	const url = currentUrl(context);
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
export function forgetManualWebhook(context: IHookFunctions, whereToRemove: string): boolean {
	const data = context.getWorkflowStaticData('node');
	const url = data[URL_KEY] as string | undefined;
	if (url) {
		context.logger.info(`${context.getNode().name} stopped listening on ${url}. ${whereToRemove}`, {
			node: context.getNode().name,
			workflowId: context.getWorkflow().id,
		});
		data[PREVIOUS_KEY] = url;
	}
	delete data[URL_KEY];
	delete data[SINCE_KEY];
	return true;
}
