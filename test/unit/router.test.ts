import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { Bes } from '../../nodes/Bes/Bes.node';
import { voiceNotificationExecutors } from '../../nodes/Bes/resources/voiceNotification';
import { Bitel } from '../../nodes/Bitel/Bitel.node';
import { callExecutors } from '../../nodes/Bitel/resources/call';
import { smsExecutors } from '../../nodes/Bitel/resources/sms';
import { executorFor } from '../../nodes/shared/router';

/** The operation values a node's editor offers for a resource. */
function operationValues(properties: INodeProperties[], resource: string): string[] {
	const property = properties.find(
		(entry) =>
			entry.name === 'operation' && entry.displayOptions?.show?.resource?.includes(resource),
	);
	return (property?.options ?? []).map((option) => String((option as { value: unknown }).value));
}

function contextFor(parameters: Record<string, string>): IExecuteFunctions {
	return {
		getNodeParameter: (name: string) => parameters[name],
		getNode: () => ({ name: 'Node', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} }),
	} as unknown as IExecuteFunctions;
}

describe('typed router', () => {
	test.each([
		['Bitel', new Bitel().description.properties, 'call', callExecutors],
		['Bitel', new Bitel().description.properties, 'sms', smsExecutors],
		['BES', new Bes().description.properties, 'voiceNotification', voiceNotificationExecutors],
	] as const)(
		'%s %s: every operation the editor offers has its executor, and no other',
		(_n, properties, resource, executors) => {
			const offered = operationValues([...properties], resource);
			expect(offered.length).toBeGreaterThan(0);
			expect([...offered].sort()).toEqual(Object.keys(executors).sort());
		},
	);

	test('finds own entries only: prototype names are not operations', () => {
		const executors = { call: callExecutors, sms: smsExecutors };
		expect(executorFor(executors, 'call', 'otp')).toBe(callExecutors.otp);
		expect(executorFor(executors, 'sms', 'status')).toBe(smsExecutors.status);
		expect(executorFor(executors, 'call', 'constructor')).toBeUndefined();
		expect(executorFor(executors, 'call', 'toString')).toBeUndefined();
		expect(executorFor(executors, 'constructor', 'name')).toBeUndefined();
		expect(executorFor(executors, 'fax', 'otp')).toBeUndefined();
	});

	test('an operation a node does not have is a NodeOperationError that sends nothing', async () => {
		await expect(
			new Bitel().execute.call(contextFor({ resource: 'call', operation: 'constructor' })),
		).rejects.toThrow('The operation "constructor" is not supported for the resource "call"');
		await expect(
			new Bes().execute.call(
				contextFor({ resource: 'voiceNotification', operation: 'hasOwnProperty' }),
			),
		).rejects.toThrow('The operation "hasOwnProperty" is not supported');
	});
});
