import { optionsCollection } from '../../../shared/properties';
import type { OperationDefinition } from '../../../shared/router';
import {
	callDedupeOption,
	callPhoneNumbersField,
	readCallBatch,
	readText,
	retryCountOption,
	serverIdOption,
	textField,
} from '../../helpers/callFields';
import { CALLS, sendInBatches } from '../../helpers/sends';

export const makeBatchTtsCall: OperationDefinition = {
	value: 'batchTts',
	name: 'Make Batch TTS',
	action: 'Make batch TTS call',
	description: 'Make calls that read a text to many numbers with text-to-speech, 100 per request',
	properties: [
		callPhoneNumbersField,
		textField,
		optionsCollection(undefined, [callDedupeOption, retryCountOption, serverIdOption]),
	],
	run: sendInBatches(
		CALLS,
		'/api/v2/voice/batch/tts',
		readCallBatch((context, itemIndex) => ({ text: readText(context, itemIndex) })),
	),
};
