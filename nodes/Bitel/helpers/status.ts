import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { invalidParameterError } from '../../shared/outcome';
import { booleanValue, numberValue, readItem } from '../../shared/parameters';
import { forVersions, optionOrLegacy, optionsCollection } from '../../shared/properties';
import type { StatusOperation, StatusQuery } from '../../shared/runner';
import { createBitelClient, READS_STATUS } from '../transport';
import { readOptions, readRequiredText } from './parameters';

/** Get Status of one resource (a call, an SMS): its ID parameter, path and statuses. */
export interface StatusResource {
	idParameter: INodeProperties;
	/** The fix for a bad ID, and what the ID is ("call ID"). */
	idFix: string;
	idNoun: string;
	path: (id: string) => string;
	/** The record plus `final` and the fields a workflow branches on. */
	toRecord: (result: unknown) => IDataObject;
	/** The thing in the Wait for Final Status description ("the call has finished"). */
	finalWords: string;
	/** Words for Bitel's NotFound that name the ID asked for. */
	notFound?: (id: string) => { message: string; description: string };
}

export const MAX_WAIT_SECONDS = 3600;

/** Numbers below this are epoch seconds (Bitel's `requestDate`), above it milliseconds. */
const SECONDS_LIMIT = 1e11;

/** When a call or SMS was created (epoch ms), from the `requestDate` of the record it came from. */
export function createdAtOf(json: IDataObject | undefined): number | undefined {
	const value = json?.requestDate ?? json?.RequestDate;
	if (typeof value === 'number' && Number.isFinite(value) && value > 0)
		return value < SECONDS_LIMIT ? value * 1000 : value;
	if (typeof value === 'string' && /^\d+$/.test(value.trim()))
		return createdAtOf({ requestDate: Number(value) });
	if (typeof value === 'string') {
		const parsed = Date.parse(value);
		return Number.isNaN(parsed) ? undefined : parsed;
	}
	return undefined;
}

/** The three waiting parameters; version 1 keeps them in Options. */
function waitingProperties(resource: StatusResource): INodeProperties[] {
	return [
		{
			displayName: 'Wait for Final Status',
			name: 'waitForFinal',
			type: 'boolean',
			default: false,
			description: `Whether to keep checking until ${resource.finalWords}. All items of the execution are checked together.`,
		},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 600 },
			default: 10,
			description: 'How long to wait between two status checks',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_WAIT_SECONDS },
			default: 300,
			description:
				'How long to wait at most. One not final by then is returned with "final" false and "timedOut" true.',
		},
	];
}

export function statusProperties(resource: StatusResource): INodeProperties[] {
	const [wait, pollInterval, timeout] = waitingProperties(resource);
	const whileWaiting = { show: { waitForFinal: [true] } };
	return [
		resource.idParameter,
		forVersions([1.1], wait),
		forVersions([1.1], { ...pollInterval, displayOptions: whileWaiting }),
		forVersions([1.1], { ...timeout, displayOptions: whileWaiting }),
		forVersions([1], optionsCollection(undefined, [pollInterval, timeout, wait])),
	];
}

function readQuery(
	resource: StatusResource,
	context: IExecuteFunctions,
	itemIndex: number,
): StatusQuery {
	const { idParameter, idFix, idNoun } = resource;
	const id = readRequiredText(
		context,
		idParameter.name,
		idParameter.displayName,
		itemIndex,
		idFix,
		{
			numbers: false,
		},
	);
	if (!/^[A-Za-z0-9_-]{1,128}$/.test(id)) {
		throw invalidParameterError(
			context.getNode(),
			idParameter.displayName,
			`"${id}" is not a Bitel ${idNoun}`,
			`A ${idNoun} is letters and digits only, like 69b9e312e3b64b3880760639f5dfdffa: ${idFix.charAt(0).toLowerCase()}${idFix.slice(1)}`,
			itemIndex,
		);
	}
	const options = readOptions(context, itemIndex);
	const read = (name: string) =>
		optionOrLegacy(context.getNodeParameter(name, itemIndex, null), options, name);
	return readItem(context.getNode(), itemIndex, () => ({
		id,
		pollMs:
			1000 *
			(numberValue(read('pollInterval'), 'Poll Interval (Seconds)', {
				min: 1,
				max: 600,
				whole: false,
				unset: 'or remove the option to check every 10 seconds',
			}) ?? 10),
		timeoutMs:
			1000 *
			(numberValue(read('timeout'), 'Timeout (Seconds)', {
				min: 1,
				max: MAX_WAIT_SECONDS,
				whole: false,
				unset: 'or remove the option to wait at most 300 seconds',
			}) ?? 300),
		wait: booleanValue(read('waitForFinal'), 'Wait for Final Status', false),
	}));
}

export function statusOperation(resource: StatusResource): StatusOperation {
	const { notFound } = resource;
	return {
		kind: 'status',
		effect: READS_STATUS,
		read: (context, itemIndex) => readQuery(resource, context, itemIndex),
		connect: createBitelClient,
		request: (id) => ({ method: 'GET', path: resource.path(id) }),
		toRecord: resource.toRecord,
		createdAt: createdAtOf,
		// An answer without any status (the SMS Status page's own sample) is returned at once.
		settled: (record) => record.status === null && record.statusCode === null,
		idParameter: resource.idParameter.name,
		reword: notFound
			? (failure, query) =>
					failure.providerCode === 'NotFound'
						? { ...failure, status: 'rejected', ...notFound(query.id) }
						: failure
			: undefined,
	};
}
