import type { ICredentialsDecrypted, ICredentialTestFunctions } from 'n8n-workflow';

import { CREDENTIAL_TEST_PATH, testBitelApiToken } from '../../nodes/Bitel/helpers/credentialTest';

/** n8n's credential-test context: only the legacy `request` helper. */
function contextWith(request: jest.Mock): ICredentialTestFunctions {
	return { helpers: { request } } as unknown as ICredentialTestFunctions;
}

const credential = (data: Record<string, string>): ICredentialsDecrypted => ({
	id: '1',
	name: 'Bitel',
	type: 'bitelApi',
	data,
});

const good = credential({ apiToken: 'tok-123', baseUrl: 'https://sim.example/' });

describe('Bitel API credential test', () => {
	test('asks for the status of a call ID that cannot exist, with the token being tested', async () => {
		const request = jest.fn().mockResolvedValue({ statusCode: 404, body: { error: 'NotFound' } });
		await expect(testBitelApiToken.call(contextWith(request), good)).resolves.toEqual({
			status: 'OK',
			message: 'Bitel accepted the API token',
		});
		expect(request).toHaveBeenCalledTimes(1);
		expect(request.mock.calls[0][0]).toMatchObject({
			method: 'GET',
			uri: `https://sim.example${CREDENTIAL_TEST_PATH}`,
			headers: { Authorization: 'Bearer tok-123' },
			simple: false,
			resolveWithFullResponse: true,
		});
	});

	test.each([
		['answered', { statusCode: 401 }, undefined],
		['thrown', undefined, Object.assign(new Error('401'), { response: { status: 401 } })],
	])('a 401 (%s) is a rejected token', async (_, answer, thrown) => {
		const request = thrown
			? jest.fn().mockRejectedValue(thrown)
			: jest.fn().mockResolvedValue(answer);
		const result = await testBitelApiToken.call(contextWith(request), good);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^Bitel rejected the API token/);
		expect(result.message).not.toContain('tok-123');
	});

	test('403, 500 and an unreachable host are errors that say which', async () => {
		const forbidden = jest.fn().mockResolvedValue({ statusCode: 403 });
		expect((await testBitelApiToken.call(contextWith(forbidden), good)).message).toMatch(
			/refused access/,
		);
		const broken = jest.fn().mockResolvedValue({ statusCode: 500 });
		expect((await testBitelApiToken.call(contextWith(broken), good)).message).toMatch(
			/answered HTTP 500 at https:\/\/sim\.example\./,
		);
		const refused = jest
			.fn()
			.mockRejectedValue(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }));
		const result = await testBitelApiToken.call(contextWith(refused), good);
		expect(result).toEqual({
			status: 'Error',
			message:
				'Could not reach Bitel at https://sim.example: the server refused the connection. Check the Base URL.',
		});
	});

	test('an empty token sends nothing', async () => {
		const request = jest.fn();
		const result = await testBitelApiToken.call(
			contextWith(request),
			credential({ apiToken: ' ' }),
		);
		expect(result.status).toBe('Error');
		expect(request).not.toHaveBeenCalled();
	});
});
