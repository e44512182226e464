import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	NodeApiError,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { mapWithConcurrency } from '../../shared/collections';
import { createApiError, invalidParameterError } from '../../shared/errors';
import { booleanValue, numberValue, readItem } from '../../shared/parameters';
import type { ItemOutcome } from '../../shared/items';
import { toOutputItems, validateItems } from '../../shared/items';
import { callCreatedAt, checksAgain, pollUntilFinal } from './statusPolling';
import type { BitelClient } from '../transport';
import { createBitelClient } from '../transport';
import { readOptions, readRequiredText } from './callParameters';
import { optionsCollection as sharedOptionsCollection } from '../../shared/properties';

/** What Get Status reads for one resource (a call, an SMS): its ID parameter, path and statuses. */
export interface StatusSpec {
	displayOptions: INodeProperties['displayOptions'];
	idParameter: INodeProperties;
	/** The ID parameter's display name and the fix for a bad one. */
	idDisplayName: string;
	idFix: string;
	/** What the thing is, for "is not a Bitel …". */
	idNoun: string;
	path: (id: string) => string;
	/** The record plus `final` and the fields a workflow branches on. */
	withDetails: (record: IDataObject) => IDataObject;
	toRecord: (result: unknown) => IDataObject;
	/** The thing in the Wait for Final Status description ("the call has finished"). */
	finalWords: string;
	/** Words for Bitel's NotFound that name the ID asked for, where Bitel's generic ones do not fit. */
	notFound?: (id: string) => { message: string; description: string };
}

/**
 * Status requests in flight at once while polling many calls. They only read, so nothing
 * is placed twice, and a refusal (429) is checked again at the next poll. 50: the calls of a
 * batch end within a second of each other and are each checked once, soon after they end
 * (statusPolling.ts); at 50 ms a request, 1,000 checks take 1 s instead of 2.5 s at 20. In
 * n8n 2.41.1 a status request costs n8n about 2 ms of CPU, so beyond 50 n8n's CPU, not the
 * number in flight, sets the pace.
 */
const STATUS_CONCURRENCY = 50;

export const MAX_WAIT_SECONDS = 3600;

export function statusDescription(spec: StatusSpec): INodeProperties[] {
	return [
		{ ...spec.idParameter, displayOptions: spec.displayOptions },
		sharedOptionsCollection(spec.displayOptions, [
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollInterval',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 600 },
				default: 10,
				description: 'With Wait for Final Status: how long to wait between two status checks',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_WAIT_SECONDS },
				default: 300,
				description:
					'With Wait for Final Status: how long to wait at most. One not final by then is returned with "final" false and "timedOut" true.',
			},
			{
				displayName: 'Wait for Final Status',
				name: 'waitForFinal',
				type: 'boolean',
				default: false,
				description: `Whether to keep checking until ${spec.finalWords}. All items of the execution are checked together.`,
			},
		]),
	];
}

interface StatusQuery {
	id: string;
	wait: boolean;
	pollMs: number;
	timeoutMs: number;
}

interface StatusState {
	itemIndex: number;
	query: StatusQuery;
	record?: IDataObject;
	error?: NodeApiError;
	/** Whether `error` is passing (see statusPolling.ts), so the call is checked again. */
	checkAgain?: boolean;
	/** When the call was created (epoch ms), from the input item's requestDate. */
	createdAtMs?: number;
	final: boolean;
	/** Whether the last answer had no status at all: waiting would not give it one. */
	noStatus?: boolean;
}

function readQuery(context: IExecuteFunctions, spec: StatusSpec, itemIndex: number): StatusQuery {
	const node = context.getNode();
	const id = readRequiredText(
		context,
		spec.idParameter.name,
		spec.idDisplayName,
		itemIndex,
		spec.idFix,
		{ numbers: false },
	);
	if (!/^[A-Za-z0-9_-]{1,128}$/.test(id)) {
		throw invalidParameterError(
			node,
			spec.idDisplayName,
			`"${id}" is not a Bitel ${spec.idNoun}`,
			`A ${spec.idNoun} is letters and digits only, like 69b9e312e3b64b3880760639f5dfdffa: ${spec.idFix.charAt(0).toLowerCase()}${spec.idFix.slice(1)}`,
			itemIndex,
		);
	}
	const options = readOptions(context, itemIndex);
	const { pollSeconds, timeoutSeconds, wait } = readItem(node, itemIndex, () => ({
		pollSeconds:
			numberValue(options.pollInterval, 'Poll Interval (Seconds)', {
				min: 1,
				max: 600,
				whole: false,
				unset: 'or remove the option to check every 10 seconds',
			}) ?? 10,
		timeoutSeconds:
			numberValue(options.timeout, 'Timeout (Seconds)', {
				min: 1,
				max: MAX_WAIT_SECONDS,
				whole: false,
				unset: 'or remove the option to wait at most 300 seconds',
			}) ?? 300,
		wait: booleanValue(options.waitForFinal, 'Wait for Final Status', false),
	}));
	return {
		id,
		wait,
		pollMs: pollSeconds * 1000,
		timeoutMs: timeoutSeconds * 1000,
	};
}

/** Checks one call once and records what came back. */
async function checkOne(
	spec: StatusSpec,
	client: BitelClient,
	state: StatusState,
	firstCheckAtMs: number,
): Promise<void> {
	const response = await client.send(
		'GET',
		spec.path(encodeURIComponent(state.query.id)),
		undefined,
		state.itemIndex,
	);
	if (response.ok) {
		state.record = spec.toRecord(response.result);
		state.error = undefined;
		state.checkAgain = false;
		const details = spec.withDetails(state.record);
		state.final = details.final === true;
		// An answer without any status (the SMS Status page's own sample) is returned at once.
		state.noStatus = details.status === null && details.statusCode === null;
		return;
	}
	// While waiting, a passing failure to read a status is not the call's outcome:
	// keep the last known record (if any) and try again at the next check.
	state.checkAgain = checksAgain(response.error, {
		waiting: state.query.wait,
		createdAtMs: state.createdAtMs,
		firstCheckAtMs,
		now: Date.now(),
	});
	if (!state.checkAgain || state.record === undefined) state.error = response.error;
}

/** Checks the given calls once, STATUS_CONCURRENCY at a time. */
async function checkAll(
	spec: StatusSpec,
	client: BitelClient,
	states: StatusState[],
	firstCheckAtMs: number,
): Promise<void> {
	const settled = await mapWithConcurrency(
		states,
		STATUS_CONCURRENCY,
		async (state) => await checkOne(spec, client, state, firstCheckAtMs),
	);
	for (const result of settled) {
		// A rejection here is a defect in this node, not a provider answer: never hide it.
		if (result.status === 'rejected') throw result.reason;
	}
}

/** Bitel's NotFound in the resource's words, naming the ID; any other error as it is. */
function withNotFoundWords(
	context: IExecuteFunctions,
	spec: StatusSpec,
	error: NodeApiError,
	id: string,
	itemIndex: number,
): NodeApiError {
	if (!spec.notFound || error.context.providerCode !== 'NotFound') return error;
	return createApiError(context.getNode(), {
		...spec.notFound(id),
		httpStatus: error.httpCode ? Number(error.httpCode) : undefined,
		providerCode: 'NotFound',
		outcome: 'rejected',
		itemIndex,
	});
}

/** Get Status for one resource: every item checked together, waiting bounded by Timeout. */
export async function getStatus(
	this: IExecuteFunctions,
	spec: StatusSpec,
): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	const items = this.getInputData();
	const validated = validateItems(this.getNode(), items.length, continueOnFail, (itemIndex) =>
		readQuery(this, spec, itemIndex),
	);
	const client = await createBitelClient(this);

	const states: StatusState[] = validated
		.filter((entry) => entry.value)
		.map((entry) => ({
			itemIndex: entry.itemIndex,
			query: entry.value!,
			createdAtMs: callCreatedAt(items[entry.itemIndex]?.json),
			final: false,
		}));
	// Calls not waiting are checked once now; waiting ones on the schedule of pollUntilFinal.
	const startedAt = Date.now();
	await checkAll(
		spec,
		client,
		states.filter((state) => !state.query.wait),
		startedAt,
	);
	await pollUntilFinal(
		{
			calls: states.filter((state) => state.query.wait),
			createdAt: (state) => state.createdAtMs,
			pollMs: (state) => state.query.pollMs,
			timeoutMs: (state) => state.query.timeoutMs,
			pending: (state) =>
				!state.final && !state.noStatus && (!state.error || state.checkAgain === true),
			isFinal: (state) => state.final,
			check: async (state) => await checkOne(spec, client, state, startedAt),
			concurrency: STATUS_CONCURRENCY,
			now: () => Date.now(),
			wait: async (ms) => await sleep(ms),
		},
		startedAt,
	);

	const byItem = new Map(states.map((state) => [state.itemIndex, state]));
	const outcomes = validated.map((entry): ItemOutcome => {
		const state = byItem.get(entry.itemIndex);
		if (!state) return { itemIndex: entry.itemIndex, error: entry.error, errorContext: {} };
		if (state.error)
			return {
				itemIndex: entry.itemIndex,
				error: withNotFoundWords(this, spec, state.error, state.query.id, entry.itemIndex),
				errorContext: { [spec.idParameter.name]: state.query.id },
			};
		const json = spec.withDetails(state.record ?? {});
		if (state.query.wait) json.timedOut = !state.final && !state.noStatus;
		return { itemIndex: entry.itemIndex, json };
	});
	return toOutputItems(outcomes, continueOnFail, () => '');
}
