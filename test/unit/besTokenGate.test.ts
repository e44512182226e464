import type { IHttpRequestHelper } from 'n8n-workflow';

import { BesTokenError, readTokenAnswer, requestBesToken } from '../../nodes/Bes/helpers/token';
import { credentialIdentity, mintOnce, resetTokenGate } from '../../nodes/Bes/helpers/tokenGate';

const identity = credentialIdentity('https://bes.example', 'key', 'secret');

/** A mint that resolves when told to, counting its calls. */
function controlledMint(tokens: string[]) {
	const calls: Array<(token: string) => void> = [];
	const mint = jest.fn(
		async () =>
			await new Promise<string>((resolve) => {
				calls.push(resolve);
			}),
	);
	const finish = () => calls.shift()!(tokens.shift()!);
	return { mint, finish };
}

beforeEach(() => resetTokenGate());

describe('one token refresh at a time', () => {
	it('four refreshes asked for at once make one mint, and all four get its token', async () => {
		const { mint, finish } = controlledMint(['t2']);
		const asked = [1, 2, 3, 4].map(async () => await mintOnce(identity, 't1', mint));
		await Promise.resolve();
		finish();
		await expect(Promise.all(asked)).resolves.toEqual(['t2', 't2', 't2', 't2']);
		expect(mint).toHaveBeenCalledTimes(1);
	});

	it('a refresh asked for later with the replaced token takes the newer one, without a mint', async () => {
		await mintOnce(identity, 't1', async () => 't2');
		const mint = jest.fn(async () => 't3');
		await expect(mintOnce(identity, 't1', mint)).resolves.toBe('t2');
		expect(mint).not.toHaveBeenCalled();
	});

	it('a refresh with the newest token mints again: that token was rejected too', async () => {
		await mintOnce(identity, 't1', async () => 't2');
		await expect(mintOnce(identity, 't2', async () => 't3')).resolves.toBe('t3');
		// Both older tokens now lead to the newest one.
		await expect(mintOnce(identity, 't1', async () => 'never')).resolves.toBe('t3');
		await expect(mintOnce(identity, 't2', async () => 'never')).resolves.toBe('t3');
	});

	it('never hands one credential the token of another key or secret', async () => {
		await mintOnce(identity, 't1', async () => 't2');
		const other = credentialIdentity('https://bes.example', 'key', 'other-secret');
		await expect(mintOnce(other, 't1', async () => 'o2')).resolves.toBe('o2');
	});

	it('a failed mint fails every request that waited for it, and the next one mints again', async () => {
		const failing = jest.fn(async () => {
			throw new Error('BES said no');
		});
		const asked = [1, 2].map(async () => await mintOnce(identity, 't1', failing));
		await expect(Promise.all(asked)).rejects.toThrow('BES said no');
		expect(failing).toHaveBeenCalledTimes(1);
		await expect(mintOnce(identity, 't1', async () => 't2')).resolves.toBe('t2');
	});

	it('forgets a history older than the longest token lifetime', async () => {
		let now = 0;
		await mintOnce(
			identity,
			't1',
			async () => 't2',
			() => now,
		);
		now = 3600_001;
		await expect(
			mintOnce(
				identity,
				't1',
				async () => 't3',
				() => now,
			),
		).resolves.toBe('t3');
	});
});

describe('token answers in other casings and nestings', () => {
	it.each([
		[{ AccessToken: 'tok', Expires: '600' }, 600],
		[{ accessToken: 'tok', expiresIn: 3300 }, 3300],
		[{ access_token: 'tok', expires_in: '3600' }, 3600],
		[{ ACCESS_TOKEN: 'tok' }, undefined],
		[{ retCode: '0', result: { AccessToken: 'tok', Expires: '600' } }, 600],
		[{ code: 0, data: { accessToken: 'tok', ExpiresIn: 120 } }, 120],
		[{ Result: { access_token: 'tok' } }, undefined],
		['{"data":{"accessToken":" tok "}}', undefined],
	])('reads %j', (body, lifetime) => {
		const answer = readTokenAnswer(body);
		expect(answer.accessToken).toBe('tok');
		expect(answer.expiresInSeconds).toBe(lifetime);
	});

	it.each([
		[{}],
		[{ AccessToken: '' }],
		[{ result: 'tok' }],
		['not json'],
		[{ accessToken: { value: 'x' } }],
	])('finds no token in %j', (body) => expect(readTokenAnswer(body).accessToken).toBeUndefined());

	const credentials = {
		baseUrl: 'https://service.besclouds.com',
		appKey: 'key-1',
		appSecret: 'secret-value-42',
		lifetimeSeconds: 600,
		accessToken: '',
	};
	const requester = (answer: unknown): IHttpRequestHelper =>
		({
			helpers: { httpRequest: jest.fn().mockResolvedValue(answer) },
		}) as unknown as IHttpRequestHelper;

	it('returns a nested token as the credential field', async () => {
		await expect(
			requestBesToken(requester({ result: { AccessToken: 'nested' } }), credentials),
		).resolves.toEqual({ accessToken: 'nested' });
	});

	it('an answer it cannot read does not blame the key and secret, and names the fields it saw', async () => {
		const error = (await requestBesToken(
			requester({ Token: { Value: 'x' }, Status: 'OK' }),
			credentials,
		).catch((caught: unknown) => caught)) as BesTokenError;
		expect(error).toBeInstanceOf(BesTokenError);
		expect(error.message).toBe('BES’s answer to the token request could not be read');
		expect(error.description).toContain('Fields in the answer: Token, Status.');
		expect(error.description).toContain('does not say that the App Key or App Secret is wrong');
		expect(error.description).not.toMatch(/Check App Key and App Secret/);
		expect(error.credentialsRejected).toBe(false);
		expect(error.besTokenFailure.kind).toBe('rejected');
	});
});
