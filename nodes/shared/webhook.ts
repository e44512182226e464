import { createHash, timingSafeEqual } from 'crypto';
import type {
	IDataObject,
	IHookFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Helpers both trigger nodes share: comparing secrets, reading a callback body, refusing a
 * request, and the webhook lifecycle of a provider whose webhook URL is pasted by hand.
 */

/**
 * Whether two secrets are equal, in time that does not depend on where they differ or on
 * their lengths: both are hashed to 32 bytes first, then compared with timingSafeEqual.
 */
export function safeEqual(given: string, expected: string): boolean {
	const a = createHash('sha256').update(given, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b);
}

function isPlainObject(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The request body as n8n received it, before parsing, if n8n kept it. */
export function rawBodyText(context: IWebhookFunctions): string | undefined {
	const raw = (context.getRequestObject() as { rawBody?: unknown }).rawBody;
	if (typeof raw === 'string') return raw;
	if (raw instanceof Uint8Array) return Buffer.from(raw).toString('utf8');
	return undefined;
}

/**
 * The callback's fields. Neither provider documents its Content-Type, so when n8n did not
 * parse the body (for example text/plain), the raw body is read as JSON; anything that is
 * not a JSON object becomes an empty object rather than an error.
 */
export function readWebhookBody(context: IWebhookFunctions): IDataObject {
	const body = context.getBodyData() as unknown;
	if (isPlainObject(body) && Object.keys(body).length > 0) return body;
	const text = rawBodyText(context);
	if (text !== undefined && text.trim().startsWith('{')) {
		try {
			const parsed = JSON.parse(text) as unknown;
			if (isPlainObject(parsed)) return parsed;
		} catch (error) {
			context.logger.debug('Callback body is not valid JSON', {
				node: context.getNode().name,
				error: (error as Error).message,
			});
		}
	}
	return isPlainObject(body) ? body : {};
}

/**
 * Answers the request itself and tells n8n not to answer again; with `workflowData` a run
 * starts too. Triggers answer this way rather than through `webhookResponse`, because for
 * responseMode onReceived n8n 2.x sends the webhook description's `responseData` fallback
 * (the text "firstEntryJson") instead of `webhookResponse` when a run starts.
 */
export function respondToWebhook(
	context: IWebhookFunctions,
	status: number,
	body: IDataObject,
	workflowData?: INodeExecutionData[][],
): IWebhookResponseData {
	context.getResponseObject().status(status).json(body);
	return workflowData ? { noWebhookResponse: true, workflowData } : { noWebhookResponse: true };
}

/**
 * The webhook lifecycle for a provider with no registration API (the user pastes the URL
 * into the provider's panel or request). n8n's linter requires checkExists/create/delete,
 * and they do real work here: the node's static data remembers which production URL was
 * last handed out, so an activation whose URL changed (new domain, WEBHOOK_URL, path)
 * logs a warning that the provider still has the old one.
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

/**
 * delete: forgets the URL (keeping it as the previous one, to warn if the next activation
 * gets another) and reminds that the provider keeps posting until it is removed there.
 */
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
