'use strict';

/**
 * What each phone "heard": the code of every OTP call (`text`) and OTP SMS (`code`) the
 * simulated Bitel accepted, in the order they were placed, so tests read a code the way the
 * callee would, without looking inside the node.
 */
class HeardCodes {
	constructor() {
		this.entries = [];
		this.seq = 0;
	}

	/** Notes one accepted OTP: `channel` 'call' | 'sms', `id` the record id Bitel answered. */
	record(channel, { id, phoneNumber, createdAt }, code) {
		this.entries.push({ seq: ++this.seq, channel, phoneNumber, code, id, at: createdAt });
	}

	/** The codes heard, oldest first; only those of `phoneNumber` when given. */
	list(phoneNumber) {
		return this.entries
			.filter((entry) => phoneNumber === undefined || entry.phoneNumber === phoneNumber)
			.map((entry) => ({ ...entry }));
	}
}

module.exports = { HeardCodes };
