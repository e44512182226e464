'use strict';

const crypto = require('crypto');

/**
 * Deterministic random source: SHA-256 in counter mode over (seed, stream, counter).
 *
 * Why not Math.random: it cannot be seeded, and tests must be able to predict ids,
 * billSec values and serial numbers. Why named streams: each kind of value (Bitel ids,
 * BES serial numbers, nonces, ...) draws from its own stream, so adding a BES request to
 * a test does not shift the Bitel ids that the same test expects.
 */
class SeededRandom {
	constructor(seed, stream) {
		this.seed = String(seed);
		this.stream = String(stream);
		this.counter = 0;
		this.pool = Buffer.alloc(0);
	}

	bytes(n) {
		while (this.pool.length < n) {
			const block = crypto
				.createHash('sha256')
				.update(`${this.seed}\u0000${this.stream}\u0000${this.counter++}`)
				.digest();
			this.pool = Buffer.concat([this.pool, block]);
		}
		const out = Buffer.from(this.pool.subarray(0, n));
		this.pool = this.pool.subarray(n);
		return out;
	}

	/** Float in [0, 1) built from 48 random bits. */
	float() {
		return this.bytes(6).readUIntBE(0, 6) / 2 ** 48;
	}

	/** Integer in [min, max], both inclusive. */
	int(min, max) {
		return min + Math.floor(this.float() * (max - min + 1));
	}

	/** Lower-case hex string of `length` characters. */
	hex(length) {
		return this.bytes(Math.ceil(length / 2))
			.toString('hex')
			.slice(0, length);
	}

	/** Decimal string of `length` digits whose first digit is never 0. */
	digits(length) {
		let out = String(this.int(1, 9));
		while (out.length < length) out += String(this.int(0, 9));
		return out;
	}

	/** A signed 64-bit integer as a decimal string (can look negative, like BES nonces). */
	signedLong() {
		return this.bytes(8).readBigInt64BE(0).toString();
	}
}

module.exports = { SeededRandom };
