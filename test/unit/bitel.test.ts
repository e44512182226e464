import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { describeBitelError } from '../../nodes/Bitel/helpers/errorWording';
import {
	asCallRecord,
	statusCodeOf,
	withStatusDetails,
} from '../../nodes/Bitel/helpers/callStatus';
import { otpCallText } from '../../nodes/Bitel/helpers/callFields';
import { unwrapEnvelope } from '../../nodes/Bitel/transport';
import type { Effect, UnitResult } from '../../nodes/shared/outcome';
import { apiError, errorItemJson, invalidParameterError } from '../../nodes/shared/outcome';
import { toOutputItems } from '../../nodes/shared/runner';

const node = {
	id: '1',
	name: 'Bitel',
	type: 'n8n-nodes-bitel.bitel',
	typeVersion: 1,
	position: [0, 0] as [number, number],
	parameters: {},
};

describe('OTP code', () => {
	it.each([
		['1234', '1234'],
		['1', '1'],
		['12345', '12345'],
		[' 4821 ', '4821'],
		['۴۸۲۱', '4821'],
		['٤٨٢١', '4821'],
		[4821, '4821'],
	])('accepts %j as %s', (input, expected) => expect(otpCallText(input)).toBe(expected));

	it.each(['', '123456', '12a4', '12 34', '-123', '1.5', '۱۲۳۴۵۶'])('rejects %j', (input) =>
		expect(otpCallText(input)).toBeUndefined(),
	);
});

describe('Bitel error wording', () => {
	it.each([
		[400, 'InvalidRequest', /invalid/i, /Check the phone number, the voice ID/],
		[400, 'InvalidServer', /server ID/, /"Server ID" in the options/],
		[404, 'NotFound', /no call with this ID/, /"id" that a Bitel call operation returned/],
		[401, undefined, /rejected the API token/, /missing, invalid or revoked/],
		[403, undefined, /refused access/, /project is active/],
		[402, 'NoBalance', /refused the request \(NoBalance\)/, /did not place this call.*balance/],
		[500, undefined, /HTTP 500/, /did not say why/],
	])('HTTP %s %s', (status, code, message, fix) => {
		const wording = describeBitelError(status, code);
		expect(wording.message).toMatch(message);
		expect(wording.description).toMatch(fix);
	});

	it('tells where to make a new token on 401', () => {
		expect(describeBitelError(401, undefined).description).toMatch(/new token in the Bitel panel/);
	});
});

describe('Bitel envelope', () => {
	it('unwraps {result, error} and accepts a bare record', () => {
		expect(unwrapEnvelope({ result: { id: 'a' }, error: null })).toEqual({
			ok: true,
			result: { id: 'a' },
		});
		expect(unwrapEnvelope({ id: 'a', status: 'NORMAL' })).toEqual({
			ok: true,
			result: { id: 'a', status: 'NORMAL' },
		});
		expect(unwrapEnvelope('{"result":[{"id":"b"}],"error":null}')).toEqual({
			ok: true,
			result: [{ id: 'b' }],
		});
	});

	it('reports an error code or an unreadable body', () => {
		expect(unwrapEnvelope({ result: null, error: 'NotFound' })).toEqual({
			ok: false,
			code: 'NotFound',
		});
		expect(unwrapEnvelope('{"result": [')).toEqual({ ok: false, unreadable: true });
		expect(unwrapEnvelope('<html>Bad gateway</html>')).toEqual({ ok: false, unreadable: true });
		expect(unwrapEnvelope({ result: null, error: null })).toEqual({ ok: false, unreadable: true });
	});
});

describe('call status details', () => {
	it.each([
		[{ status: 'WAITING', statusCode: 0 }, false, false, /Queued/],
		[{ status: 'NORMAL', statusCode: 1 }, true, true, /Answered/],
		[{ status: 'NO_ANSWER', statusCode: 2 }, true, false, /did not pick up/],
		[{ status: 'USER_BUSY', statusCode: 3 }, true, false, /busy/],
		[{ status: 'EXPIRED', statusCode: 10 }, true, false, /expired/],
		[{ status: 'ERROR', statusCode: 11 }, true, false, /error/],
		[{ status: 'UNKNOWN', statusCode: 20 }, true, false, /went wrong/],
		[{ status: 'NORMAL' }, true, true, /Answered/],
		[{ statusCode: 42 }, true, false, /Unknown status code 42/],
	])('%j', (record, final, answered, description) => {
		const details = withStatusDetails(record);
		expect(details.final).toBe(final);
		expect(details.answered).toBe(answered);
		expect(details.statusDescription).toMatch(description);
	});

	it('reads the code from a numeric string and keeps odd results', () => {
		expect(statusCodeOf({ statusCode: '2' })).toBe(2);
		expect(asCallRecord('abc')).toEqual({ id: 'abc' });
		expect(asCallRecord([1])).toEqual({ result: [1] });
	});
});

describe('errors and output items', () => {
	it('builds an API error with the provider code, status and outcome, and an error item from it', () => {
		const failure = {
			status: 'rejected' as const,
			message: 'Bitel rejected the request as invalid',
			description: 'Fix it',
			httpStatus: 400,
			providerCode: 'InvalidRequest',
		};
		const error = apiError(node, failure, 2);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Bitel rejected the request as invalid');
		expect(error.httpCode).toBe('400');
		expect(error.context.itemIndex).toBe(2);
		expect(error.context.providerCode).toBe('InvalidRequest');
		expect(error.context.outcome).toBe('rejected');
		expect(errorItemJson({ ...failure, itemIndex: 2, fields: { phoneNumber: '0912' } })).toEqual({
			phoneNumber: '0912',
			error: 'Bitel rejected the request as invalid',
			description: 'Fix it',
			httpCode: '400',
			code: 'InvalidRequest',
			outcome: 'rejected',
		});
	});

	it('names the parameter, the item and the fix in a validation error', () => {
		const error = invalidParameterError(
			node,
			'Code',
			'"123456" is too long',
			'Use 1 to 5 digits.',
			3,
		);
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('Code: "123456" is too long [item 3]');
		expect(error.description).toMatch(/Use 1 to 5 digits\. Nothing was sent/);
	});

	it('pairs every item; without Continue On Fail the first error stops the node and counts placed calls', () => {
		const effect: Effect = {
			kind: 'reads',
			provider: 'Bitel',
			done: 'answered',
			second: 'a second check',
			plural: 'checks',
			idName: 'call ID',
			idField: 'id',
			checkHint: '',
			alreadyDone: (count) => `${count} placed.`,
		};
		const results: UnitResult[] = [
			{ status: 'accepted', itemIndex: 0, json: { id: 'a' }, placed: true },
			{ status: 'unknown', itemIndex: 1, message: 'boom', description: 'Fix.' },
			{ status: 'accepted', itemIndex: 2, json: { id: 'b' }, placed: true },
		];
		const context = (continueOnFail: boolean) =>
			({
				continueOnFail: () => continueOnFail,
				getNode: () => node,
			}) as unknown as IExecuteFunctions;
		expect(toOutputItems(context(true), results, effect)).toEqual([
			{ json: { id: 'a' }, pairedItem: { item: 0 } },
			{ json: { error: 'boom', description: 'Fix.', outcome: 'unknown' }, pairedItem: { item: 1 } },
			{ json: { id: 'b' }, pairedItem: { item: 2 } },
		]);
		let thrown: NodeApiError | undefined;
		try {
			toOutputItems(context(false), results, effect);
		} catch (error) {
			thrown = error as NodeApiError;
		}
		expect(thrown?.message).toBe('boom');
		expect(thrown?.description).toBe('Fix. 2 placed.');
		expect(thrown?.context.itemIndex).toBe(1);
	});
});
