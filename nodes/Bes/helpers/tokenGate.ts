import { createHash } from 'crypto';

import { BoundedMemo } from '../../shared/memo';

/**
 * One token refresh at a time, whatever number of requests BES rejects at once: n8n refreshes per
 * request (docs/n8n-internals.md#bes-tokens), so a forced refresh while a mint is under way takes
 * its token, and one asked with a token a newer one replaced takes the newer one.
 */

interface TokenHistory {
	/** The newest token this process minted for the credential. */
	latest: string;
	/** Tokens `latest` replaced, oldest first. */
	replaced: string[];
}

/** Replaced tokens remembered per credential: enough for every request in flight. */
const MAX_REPLACED = 16;
/** Credentials remembered at once; the oldest is forgotten first (never a leak). */
const MAX_CREDENTIALS = 64;
/** BES's longest token lifetime (docs/providers/bes.md#authentication-tokenbyaksk). */
const HISTORY_TTL_MS = 3600_000;

const minting = new Map<string, Promise<string>>();
const histories = new BoundedMemo<TokenHistory>(MAX_CREDENTIALS, HISTORY_TTL_MS);

/** Which credential a token belongs to: the tenant, the key and the secret, hashed. */
export function credentialIdentity(baseUrl: string, appKey: string, appSecret: string): string {
	return createHash('sha256').update(`${baseUrl}\n${appKey}\n${appSecret}`).digest('hex');
}

function remember(identity: string, staleToken: string, token: string, now: number): void {
	const history = histories.get(identity, now);
	const replaced = history ? [...history.replaced, history.latest] : [];
	if (staleToken !== '' && staleToken !== token) replaced.push(staleToken);
	histories.set(
		identity,
		{
			latest: token,
			replaced: [...new Set(replaced.filter((old) => old !== token))].slice(-MAX_REPLACED),
		},
		now,
	);
}

/** The newer token that replaced `staleToken`, if this process minted one. */
function newerToken(identity: string, staleToken: string, now: number): string | undefined {
	const history = histories.get(identity, now);
	if (!history) return undefined;
	return staleToken !== '' && history.replaced.includes(staleToken) ? history.latest : undefined;
}

/** A token for the credential: the one being minted, the newer one, or a new one from `mint`. */
export async function mintOnce(
	identity: string,
	staleToken: string,
	mint: () => Promise<string>,
	now: () => number = Date.now,
): Promise<string> {
	const newer = newerToken(identity, staleToken, now());
	if (newer !== undefined) return newer;
	let pending = minting.get(identity);
	if (!pending) {
		pending = mint();
		minting.set(identity, pending);
		const release = () => {
			if (minting.get(identity) === pending) minting.delete(identity);
		};
		pending.then(release, release);
	}
	const token = await pending;
	remember(identity, staleToken, token, now());
	return token;
}

/** Forgets every token history (for tests). */
export function resetTokenGate(): void {
	minting.clear();
	histories.clear();
}
