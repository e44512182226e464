import type { IDataObject } from 'n8n-workflow';

import { fieldOf, textOf } from '../../shared/json';

/**
 * Get Call Records' Simplify: the fields of a BES call record (queryCallDetailRecord `callInfo`,
 * docs/providers/bes.md#get-call-records-querycalldetailrecord) that a workflow branches on, with
 * the codes in words. The query page defines `reasonCode` itself, with the meanings queryCallState
 * gives `state` and `reasonCode`. Unknown codes are named, never dropped. BES types the times and
 * `talkDuration` String and its sample sends numbers: Simplify gives numbers either way.
 */

const STATES: Record<string, string> = {
	'0': 'Waiting to be called',
	'1': 'Calling',
	'2': 'Talking',
	'3': 'Ended',
};

const REASONS: Record<string, string> = {
	'0': 'The called party hung up',
	'1': 'The calling side hung up',
	'2': 'The calling leg failed',
	'3': 'The called leg failed',
	'4': 'The calling side did not answer',
	'5': 'The called party did not answer',
	'6': 'The call could not be started',
};

function describe(table: Record<string, string>, code: string | undefined, what: string): string {
	if (code === undefined) return `Unknown: BES sent no ${what}`;
	return table[code] ?? `Other (${what} ${code})`;
}

/** Whether the callee picked up: BES records a talking time or a talk duration (inferred). */
function wasAnswered(record: IDataObject): boolean {
	const talking = Number(fieldOf(record, 'talkingTime'));
	const duration = Number(fieldOf(record, 'talkDuration'));
	return (Number.isFinite(talking) && talking > 0) || (Number.isFinite(duration) && duration > 0);
}

/** A field of the record as it came, in any casing. */
function field(record: IDataObject, name: string): IDataObject[string] {
	return fieldOf(record, name) as IDataObject[string];
}

/** A time (epoch ms) or a duration (seconds) as a number, whether BES sent it as text or not. */
function numberField(record: IDataObject, name: string): IDataObject[string] {
	const value = field(record, name);
	return typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
}

export function simplifyCallRecord(record: IDataObject): IDataObject {
	const state = textOf(fieldOf(record, 'state'));
	const reason = textOf(fieldOf(record, 'reasonCode'));
	const simple: IDataObject = {
		callSerialNo: field(record, 'callSerialNo'),
		called: field(record, 'called'),
		caller: field(record, 'caller'),
		answered: wasAnswered(record),
		ended: state === '3',
		state: field(record, 'state'),
		stateDescription: describe(STATES, state, 'state'),
		reasonCode: field(record, 'reasonCode'),
		reasonDescription: describe(REASONS, reason, 'reason code'),
		talkDuration: numberField(record, 'talkDuration'),
		startTime: numberField(record, 'startTime'),
		talkingTime: numberField(record, 'talkingTime'),
		endTime: numberField(record, 'endTime'),
		releaseTime: numberField(record, 'releaseTime'),
	};
	for (const key of Object.keys(simple)) if (simple[key] === undefined) delete simple[key];
	return simple;
}
