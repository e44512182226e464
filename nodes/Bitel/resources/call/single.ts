import { optionsCollection } from '../../../shared/properties';
import type { OperationDefinition } from '../../../shared/router';
import {
	callPhoneNumberField,
	readSendOptions,
	readVoiceId,
	retryCountOption,
	serverIdOption,
	voiceIdField,
} from '../../helpers/callFields';
import { readPhoneNumber } from '../../helpers/parameters';
import { CALLS, sendEach } from '../../helpers/sends';

export const makeCall: OperationDefinition = {
	value: 'single',
	name: 'Make',
	action: 'Make call',
	description: 'Make a call that plays an uploaded voice to one number',
	properties: [
		callPhoneNumberField,
		voiceIdField,
		optionsCollection(undefined, [retryCountOption, serverIdOption]),
	],
	run: sendEach(CALLS, '/api/v2/voice/single', (context, itemIndex) => ({
		phoneNumber: readPhoneNumber(context, itemIndex),
		voiceId: readVoiceId(context, itemIndex),
		...readSendOptions(context, itemIndex),
	})),
};
