'use strict';

/**
 * A Map that brings its values up to date before every read.
 *
 * Why: call status is computed lazily from the clock (no per-call timers), yet tests read
 * `sim.bitel.calls.get(id).status` directly. Every read first runs `refresh()`, which
 * settles whatever has become due, so the map never shows a stale WAITING record.
 * Writes are not intercepted. The re-entrancy guard lets `refresh()` itself read the map.
 */
class LazyMap extends Map {
	constructor(refresh) {
		super();
		this._refresh = refresh;
		this._refreshing = false;
	}

	_sync() {
		if (this._refreshing || !this._refresh) return;
		this._refreshing = true;
		try {
			this._refresh();
		} finally {
			this._refreshing = false;
		}
	}

	get(key) {
		this._sync();
		return super.get(key);
	}

	has(key) {
		this._sync();
		return super.has(key);
	}

	get size() {
		this._sync();
		return super.size;
	}

	keys() {
		this._sync();
		return super.keys();
	}

	values() {
		this._sync();
		return super.values();
	}

	entries() {
		this._sync();
		return super.entries();
	}

	forEach(fn, thisArg) {
		this._sync();
		return super.forEach(fn, thisArg);
	}

	[Symbol.iterator]() {
		return this.entries();
	}
}

module.exports = { LazyMap };
