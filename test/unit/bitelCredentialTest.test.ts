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

	describe('the body decides (issue 23, point 5)', () => {
		const judged = async (answer: object | Error) => {
			const request =
				answer instanceof Error
					? jest.fn().mockRejectedValue(answer)
					: jest.fn().mockResolvedValue(answer);
			return await testBitelApiToken.call(contextWith(request), good);
		};
		const NOT_BITEL =
			/^The Base URL is not Bitel's API: https:\/\/sim\.example answered HTTP (404|200) without Bitel's answer\. Use https:\/\/api\.bitel\.rest/;

		test.each([
			['404', { statusCode: 404, body: { result: null, error: 'NotFound' } }],
			['400', { statusCode: 400, body: { result: null, error: 'NotFound' } }],
			['422, PascalCase', { statusCode: 422, body: { Result: null, Error: 'NotFound' } }],
			['400, as text', { statusCode: 400, body: '{"result":null,"error":"NotFound"}' }],
			['400, as an object', { statusCode: 400, body: { error: { code: 'NotFound' } } }],
			[
				'400, thrown',
				Object.assign(new Error('400'), {
					response: { status: 400, data: { result: null, error: 'NotFound' } },
				}),
			],
			['a 200 call record', { statusCode: 200, body: { id: '0', status: 'UNKNOWN' } }],
		])('Bitel’s NotFound under %s: the token was accepted', async (_, answer) => {
			expect(await judged(answer)).toEqual({
				status: 'OK',
				message: 'Bitel accepted the API token',
			});
		});

		test.each([
			['an HTML page', { statusCode: 404, body: '<html><body>Not Found</body></html>' }],
			['no body', { statusCode: 404, body: undefined }],
			['another JSON', { statusCode: 404, body: { message: 'Cannot GET /api/v2/voice/status' } }],
			['another error code', { statusCode: 404, body: { error: 'NoSuchRoute' } }],
			['a 200 HTML page (a web app)', { statusCode: 200, body: '<!doctype html><html></html>' }],
		])('a 404 (or 200) with %s: the Base URL is not Bitel’s API', async (_, answer) => {
			const result = await judged(answer);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(NOT_BITEL);
		});

		test('another Bitel error code is named; a wrong token stays a wrong token whatever the body', async () => {
			expect(
				await judged({ statusCode: 429, body: { result: null, error: 'TooManyRequests' } }),
			).toEqual({
				status: 'Error',
				message:
					'Bitel answered HTTP 429 (TooManyRequests) at https://sim.example. Check the Base URL, or try again in a moment.',
			});
			const rejected = await judged({ statusCode: 401, body: { result: null, error: 'NotFound' } });
			expect(rejected.message).toMatch(/^Bitel rejected the API token/);
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
