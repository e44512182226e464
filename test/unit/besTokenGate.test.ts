import { credentialIdentity, mintOnce, resetTokenGate } from '../../nodes/Bes/tokenGate';

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
