import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { Bes } from '../../nodes/Bes/Bes.node';
import { voiceNotificationResource } from '../../nodes/Bes/resources/voiceNotification';
import { Bitel } from '../../nodes/Bitel/Bitel.node';
import { callResource } from '../../nodes/Bitel/resources/call';
import { smsResource } from '../../nodes/Bitel/resources/sms';
import type { ResourceDefinition } from '../../nodes/shared/router';
import { operationFor } from '../../nodes/shared/router';

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
		['Bitel', new Bitel().description.properties, callResource],
		['Bitel', new Bitel().description.properties, smsResource],
		['BES', new Bes().description.properties, voiceNotificationResource],
	] as Array<[string, INodeProperties[], ResourceDefinition]>)(
		'%s: every operation the editor offers runs, and no other',
		(_n, properties, resource) => {
			const offered = operationValues([...properties], resource.value);
			expect(offered.length).toBeGreaterThan(0);
			expect([...offered].sort()).toEqual(
				resource.operations.map((operation) => operation.value).sort(),
			);
		},
	);

	test('finds own entries only: prototype names are not operations', () => {
		const resources = [callResource, smsResource];
		expect(operationFor(resources, 'call', 'otp')?.name).toBe('Make OTP');
		expect(operationFor(resources, 'sms', 'status')?.action).toBe('Get SMS status');
		expect(operationFor(resources, 'call', 'constructor')).toBeUndefined();
		expect(operationFor(resources, 'call', 'toString')).toBeUndefined();
		expect(operationFor(resources, 'constructor', 'name')).toBeUndefined();
		expect(operationFor(resources, 'fax', 'otp')).toBeUndefined();
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
