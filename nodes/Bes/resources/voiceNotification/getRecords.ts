import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	booleanValue,
	InvalidParameter,
	numberValue,
	readItem,
	textValue,
} from '../../../shared/parameters';
import { optionsCollection } from '../../../shared/properties';
import type { OperationDefinition } from '../../../shared/router';
import type { PagedOperation, Pager } from '../../../shared/runner';
import { simplifyCallRecord } from '../../helpers/callRecord';
import type { RecordFilters, TimeWindow } from '../../helpers/recordQuery';
import {
	hasMorePages,
	matchesFilters,
	parseTime,
	readCalledFilter,
	readSerialFilter,
	splitTimeRange,
} from '../../helpers/recordQuery';
import { RECORD_RET_CODES } from '../../helpers/retCodes';
import type { BesRequest } from '../../transport';
import { createBesClient, READS_RECORDS, RECORDS_PATH } from '../../transport';

/** The most records BES returns per query (docs/providers/bes.md#get-call-records-querycalldetailrecord). */
const PAGE_SIZE = 100;
/** A bound on paging whatever `total` says: 100,000 records per 7-day window. */
const MAX_PAGES_PER_WINDOW = 1000;
/** taskType "3": voice notifications. */
const VOICE_NOTIFICATION_TASK = '3';

const properties: INodeProperties[] = [
	{
		displayName: 'Start Time',
		name: 'startTime',
		type: 'dateTime',
		required: true,
		default: '',
		description:
			"Records of calls that started from this time on. A range longer than 7 days is split into several queries, as BES accepts at most 7 days per query. Without a time zone, the workflow's time zone applies.",
	},
	{
		displayName: 'End Time',
		name: 'endTime',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'Records of calls that started up to this time',
	},
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description:
			'Whether to return a simplified version of the response instead of the raw data: the serial number, numbers, whether the call was answered and ended, state and reason in words, talk duration and the start, talking, end and release times as numbers',
	},
	optionsCollection(undefined, [
		{
			displayName: 'Call Serial Number',
			name: 'callSerialNo',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1308434073450058757',
			description:
				'Only records of these calls: the callSerialNo "Create" returned, several separated by commas. BES cannot query by it, so the node matches the records it reads.',
		},
		{
			displayName: 'Called Number',
			name: 'called',
			type: 'string',
			default: '',
			placeholder: 'e.g. 88880000',
			description:
				'Only records of calls to these numbers, several separated by commas. Matched by the node on the records it reads.',
		},
	]),
];

interface RecordsQuery {
	windows: TimeWindow[];
	returnAll: boolean;
	limit: number;
	simplify: boolean;
	filters: RecordFilters;
	/** The range as asked, for error items. */
	range: IDataObject;
}

function readTime(
	context: IExecuteFunctions,
	name: string,
	displayName: string,
	itemIndex: number,
): number {
	const value = context.getNodeParameter(name, itemIndex, '') as unknown;
	if (value === '' || value === null || value === undefined) {
		throw new InvalidParameter(displayName, 'is empty', 'Pick a date and time.');
	}
	const ms = parseTime(value, () => context.getTimezone());
	if (ms === undefined) {
		textValue(value, displayName); // a list, an object or a yes/no value says so
		throw new InvalidParameter(
			displayName,
			`"${String(value)}" is not a date and time`,
			'Use a date such as 2025-03-01T08:00:00 (optionally with a zone such as Z or +03:30), epoch milliseconds, or a DateTime from an expression.',
		);
	}
	return ms;
}

function readQuery(context: IExecuteFunctions, itemIndex: number): RecordsQuery {
	return readItem(context.getNode(), itemIndex, () => {
		const start = readTime(context, 'startTime', 'Start Time', itemIndex);
		const end = readTime(context, 'endTime', 'End Time', itemIndex);
		if (end < start) {
			throw new InvalidParameter(
				'End Time',
				'is before Start Time',
				'Swap the two times, or pick an End Time after the Start Time.',
			);
		}
		const returnAll = booleanValue(
			context.getNodeParameter('returnAll', itemIndex, false),
			'Return All',
			false,
		);
		let limit = Infinity;
		if (!returnAll) {
			const value = context.getNodeParameter('limit', itemIndex, 50) as unknown;
			const parsed = numberValue(value, 'Limit', {
				min: 1,
				whole: true,
				unset: 'or turn on Return All',
			});
			// Unset is not "no limit": an expression that returns nothing is a mistake.
			if (parsed === undefined) {
				throw new InvalidParameter(
					'Limit',
					'is empty',
					'Set Limit to 1 or more, or turn on Return All.',
				);
			}
			limit = parsed;
		}
		const simplify = booleanValue(
			context.getNodeParameter('simplify', itemIndex, true),
			'Simplify',
			true,
		);
		const options = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
		return {
			windows: splitTimeRange(start, end),
			returnAll,
			limit,
			simplify,
			filters: {
				callSerialNos: readSerialFilter(options.callSerialNo),
				called: readCalledFilter(options.called),
			},
			range: { startTime: new Date(start).toISOString(), endTime: new Date(end).toISOString() },
		};
	});
}

/** Reads every window page by page until the limit is reached or the records run out. */
function recordPages(query: RecordsQuery): Pager<BesRequest> {
	const filtering = query.filters.callSerialNos !== undefined || query.filters.called !== undefined;
	const seen = new Set<string>();
	let taken = 0;
	let windowIndex = 0;
	let offset = 0;
	let page = 0;
	let pageSize = PAGE_SIZE;
	let previousPage: string | undefined;
	const nextWindow = () => {
		windowIndex++;
		offset = 0;
		page = 0;
		previousPage = undefined;
	};
	return {
		next() {
			if (taken >= query.limit || page >= MAX_PAGES_PER_WINDOW) nextWindow();
			const window: TimeWindow | undefined = query.windows[windowIndex];
			if (!window || taken >= query.limit) return undefined;
			// Without filters, ask only for what is still wanted; with them, read full pages.
			pageSize =
				query.returnAll || filtering ? PAGE_SIZE : Math.min(PAGE_SIZE, query.limit - taken);
			page++;
			return {
				method: 'POST',
				path: RECORDS_PATH,
				body: {
					startTime: String(window.start),
					endTime: String(window.end),
					offset: String(offset),
					limit: String(pageSize),
					taskType: VOICE_NOTIFICATION_TASK,
				},
				action: 'return call records',
				retCodes: RECORD_RET_CODES,
				answerRetCodes: ['1'], // "no data": an empty window, not a failure
			};
		},
		take(answer) {
			const body = answer as IDataObject;
			if (String(body.retCode) === '1') {
				nextWindow();
				return [];
			}
			const result = (body.result ?? {}) as IDataObject;
			const callInfo = Array.isArray(result.callInfo) ? (result.callInfo as unknown[]) : [];
			const records: IDataObject[] = [];
			let fresh = 0;
			for (const entry of callInfo) {
				if (typeof entry !== 'object' || entry === null || taken >= query.limit) continue;
				const record = entry as IDataObject;
				// Records can shift between pages while calls finish: never return one twice.
				const key = record.callSerialNo === undefined ? undefined : String(record.callSerialNo);
				if (key !== undefined) {
					if (seen.has(key)) continue;
					seen.add(key);
				}
				fresh++;
				if (!matchesFilters(record, query.filters)) continue;
				records.push(record);
				taken++;
			}
			offset += callInfo.length;
			// A page exactly like the one before is BES repeating itself, serial numbers or not.
			const text = JSON.stringify(callInfo);
			const repeated = text === previousPage;
			previousPage = text;
			const more = hasMorePages({
				received: callInfo.length,
				fresh: repeated ? 0 : fresh,
				requested: pageSize,
				readSoFar: offset,
				total: result.total,
			});
			if (!more) nextWindow();
			return records;
		},
	};
}

const readRecords: PagedOperation<BesRequest> = {
	kind: 'pages',
	effect: READS_RECORDS,
	read: (context, itemIndex) => {
		const query = readQuery(context, itemIndex);
		return {
			pager: recordPages(query),
			toOutput: (record) => (query.simplify ? simplifyCallRecord(record) : record),
			fields: query.range,
		};
	},
	connect: createBesClient,
};

export const getCallRecords: OperationDefinition = {
	value: 'getRecords',
	name: 'Get Call Records',
	action: 'Get call records',
	description: 'Get the call records of voice notifications in a time range',
	properties,
	run: readRecords,
};
