import { optionsCollection } from '../../../shared/properties';
import type { OperationDefinition } from '../../../shared/router';
import {
	callDedupeOption,
	callPhoneNumbersField,
	readCallBatch,
	readVoiceId,
	retryCountOption,
	serverIdOption,
	voiceIdField,
} from '../../helpers/callFields';
import { CALLS, sendInBatches } from '../../helpers/sends';

export const makeBatchCall: OperationDefinition = {
	value: 'batch',
	name: 'Make Batch',
	action: 'Make batch call',
	description: 'Make calls that play an uploaded voice to many numbers, 100 per request',
	properties: [
		callPhoneNumbersField,
		voiceIdField,
		optionsCollection(undefined, [callDedupeOption, retryCountOption, serverIdOption]),
	],
	run: sendInBatches(
		CALLS,
		'/api/v2/voice/batch',
		readCallBatch((context, itemIndex) => ({ voiceId: readVoiceId(context, itemIndex) })),
	),
};
