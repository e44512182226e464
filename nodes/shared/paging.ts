import type { IExecuteFunctions } from 'n8n-workflow';

import type { UnitResult } from './outcome';
import type { PagedOperation, PagedRead } from './runner';

/**
 * The paging strategy: each item's read goes page by page, one item after another, and gives
 * one output item per record. Without Continue On Fail the first failure ends the reading.
 */
export async function readPages(
	context: IExecuteFunctions,
	operation: PagedOperation,
	items: Array<{ itemIndex: number; value: PagedRead } | UnitResult>,
): Promise<UnitResult[]> {
	const continueOnFail = context.continueOnFail();
	const results: UnitResult[] = [];
	const client = items.some((item) => 'value' in item)
		? await operation.connect(context)
		: undefined;
	for (const item of items) {
		if (!('value' in item)) {
			results.push(item);
			continue;
		}
		const { itemIndex, value: read } = item;
		const { pager } = read;
		const records: UnitResult[] = [];
		let failure: UnitResult | undefined;
		for (let request = pager.next(); request !== undefined; request = pager.next()) {
			const answer = await client!.send({ ...request, effect: operation.effect, itemIndex });
			if (answer.status !== 'accepted') {
				failure = { ...answer, itemIndex, fields: read.fields };
				break;
			}
			for (const record of pager.take(answer.result))
				records.push({ status: 'accepted', itemIndex, json: read.toOutput(record) });
		}
		// An item whose read failed gives its error only, not a part of its records.
		results.push(...(failure ? [failure] : records));
		if (failure && !continueOnFail) return results; // reading on would only be thrown away
	}
	return results;
}
