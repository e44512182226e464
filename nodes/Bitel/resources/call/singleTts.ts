import { optionsCollection } from '../../../shared/properties';
import type { OperationDefinition } from '../../../shared/router';
import {
	callPhoneNumberField,
	readSendOptions,
	readText,
	retryCountOption,
	serverIdOption,
	textField,
} from '../../helpers/callFields';
import { readPhoneNumber } from '../../helpers/parameters';
import { CALLS, sendEach } from '../../helpers/sends';

export const makeTtsCall: OperationDefinition = {
	value: 'singleTts',
	name: 'Make TTS',
	action: 'Make TTS call',
	description: 'Make a call that reads a text to one number with text-to-speech',
	properties: [
		callPhoneNumberField,
		textField,
		optionsCollection(undefined, [retryCountOption, serverIdOption]),
	],
	run: sendEach(CALLS, '/api/v2/voice/single/tts', (context, itemIndex) => ({
		phoneNumber: readPhoneNumber(context, itemIndex),
		text: readText(context, itemIndex),
		...readSendOptions(context, itemIndex),
	})),
};
