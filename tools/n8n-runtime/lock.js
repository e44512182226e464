'use strict';

const fsp = require('node:fs/promises');
const path = require('node:path');
const { log, isAlive, StepError } = require('./processes');

const LOCK_WAIT_MS = 35 * 60 * 1000;

/**
 * A cross-process lock on `lockDir` (mkdir is atomic); a lock whose owner died is taken over.
 * Used for the cache installs (`cacheLock`) and for packing the package.
 */
async function withLock(lockDir, fn, { waitMs = LOCK_WAIT_MS, pollMs = 2000 } = {}) {
	await fsp.mkdir(path.dirname(lockDir), { recursive: true });
	const name = path.basename(lockDir);
	const deadline = Date.now() + waitMs;
	let said = false;
	for (;;) {
		try {
			await fsp.mkdir(lockDir);
			await fsp.writeFile(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (err) {
			if (err.code !== 'EEXIST') throw err;
			let owner = NaN;
			try {
				owner = Number(await fsp.readFile(path.join(lockDir, 'pid'), 'utf8'));
			} catch {
				/* being written right now */
			}
			if (Number.isInteger(owner) && owner > 0 && !isAlive(owner)) {
				log(`removing stale lock ${lockDir} (pid ${owner} is gone)`);
				await fsp.rm(lockDir, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline)
				throw new StepError(`lock ${name}`, `timed out waiting for ${lockDir}`);
			if (!said) {
				log(`waiting for another process (lock ${lockDir}, pid ${owner})…`);
				said = true;
			}
			await new Promise((r) => setTimeout(r, pollMs));
		}
	}
	try {
		return await fn();
	} finally {
		await fsp.rm(lockDir, { recursive: true, force: true });
	}
}

module.exports = { withLock };
