/**
 * BES's result codes in words a workflow builder understands. BES answers HTTP 200 with `{retCode,
 * retMsg}` and reports failures in retCode, so every code needs a meaning and a fix. Sources:
 * docs/providers/bes.md#retcodes (createVoiceNotification v2, Table 4; 8 and 36 from v1) and
 * docs/providers/bes.md#get-call-records-querycalldetailrecord.
 */

export interface RetCodeWording {
	/** What the code means, as a clause: "the tenant is in trial…". */
	meaning: string;
	/** What to do about it. */
	fix: string;
}

const TEMPLATE_FIX =
	'Use a recording or TTS template that is approved for the voice-notification scene in the CEC console.';

/** createVoiceNotification (v2) result codes other than "0". */
export const CREATE_RET_CODES: Readonly<Record<string, RetCodeWording>> = {
	'1': {
		meaning: 'an unfinished task exists',
		fix: 'BES asks to try again later. Run the workflow again in a moment.',
	},
	'3': {
		meaning: 'creation failed and no call serial number was generated',
		fix: 'BES placed no call. Run the workflow again; if it keeps happening, ask your CEC operations contact.',
	},
	'4': {
		meaning: 'the softphone number does not match the required format',
		fix: 'Ask your CEC operations contact to check the softphone configuration of the tenant.',
	},
	'5': {
		meaning: 'the called number is missing or has an invalid format',
		fix: 'Check "Called Number": digits only, at most 32 characters.',
	},
	'6': {
		meaning: 'the VDN (virtual call centre) is not enabled',
		fix: 'Ask your CEC operations contact to enable the VDN of the tenant.',
	},
	'7': {
		meaning: 'the caller number (callerPresent) was not accepted',
		fix: 'Use one of the tenant\'s access codes as "Caller Number", or remove the option to use the default access code.',
	},
	'8': {
		meaning:
			'the voice content is empty, too long or not found (documented for v1 only; the v2 table does not list 8)',
		fix: 'Check the play list entries of this item.',
	},
	'9': {
		meaning: 'the callback URL does not meet the requirements',
		fix: 'Use an http(s) URL whose host is on the tenant\'s "mobile agent callback URL trustlist", made only of letters, digits and - : . / _ # ? &, and keep "Encode Callback URL" on.',
	},
	'10': {
		meaning: 'playTimes must be between 1 and 5',
		fix: 'Set "Play Times" to a number from 1 to 5.',
	},
	'11': {
		meaning: 'the play list is empty or has more than 5 entries',
		fix: 'Give "Play List" 1 to 5 entries.',
	},
	'12': {
		meaning: 'a play list entry has no voiceId or templateId',
		fix: 'Give every "Play List" entry exactly one Voice ID, Voice File Name or Template ID.',
	},
	'13': {
		meaning: 'a template parameter is longer than 32 bytes',
		fix: 'Shorten the template parameters to 32 bytes each (fewer for non-Latin text).',
	},
	'14': {
		meaning: 'a template parameter contains $, { or }',
		fix: 'Remove $, { and } from the template parameters.',
	},
	'15': {
		meaning: 'the template parameters are empty or more than 10',
		fix: 'Give a template 1 to 10 parameters, or none if it has no variables.',
	},
	'16': {
		meaning:
			'the tenant is in trial-commercial state and the called number is not on its whitelist',
		fix: "Add the number to the tenant's trial whitelist, or ask Huawei to move the tenant to commercial use.",
	},
	'17': {
		meaning: 'the voice or TTS file does not exist',
		fix: 'Check the Voice ID, Voice File Name or Template ID against the CEC console.',
	},
	'18': {
		meaning: 'the recording or TTS file is not for the voice-notification scene',
		fix: TEMPLATE_FIX,
	},
	'19': {
		meaning: 'the recording or TTS file has not been submitted for review',
		fix: 'Submit the recording or template for review in the CEC console and wait for approval.',
	},
	'20': {
		meaning: 'the recording or TTS file has been submitted but not yet reviewed',
		fix: 'Wait until the recording or template is approved, then run the workflow again.',
	},
	'21': {
		meaning: 'the review of the recording or TTS file was rejected',
		fix: TEMPLATE_FIX,
	},
	'22': {
		meaning: 'the file given as templateId is not a text (TTS) file',
		fix: 'Use "Template ID" only for TTS templates; use "Voice ID" for recordings.',
	},
	'23': {
		meaning: 'the file given as voiceId is not a voice recording',
		fix: 'Use "Voice ID" only for recordings; use "Template ID" for TTS templates.',
	},
	'24': {
		meaning:
			'the number of recording or TTS files is not accepted (BES documents this code only partly)',
		fix: 'Use fewer play list entries, or ask your CEC operations contact what the tenant allows.',
	},
	'36': {
		meaning: 'the priority has an invalid format',
		fix: 'Set "Priority" to a whole number from 1 to 9.',
	},
};

/** queryCallDetailRecord result codes other than "0" ("1", no data, is an empty result). */
export const RECORD_RET_CODES: Readonly<Record<string, RetCodeWording>> = {
	'1': {
		meaning: 'there are no records in this time range',
		fix: 'Widen the time range.',
	},
	'2': {
		meaning: 'the start or end time has an invalid format or the range is longer than 7 days',
		fix: 'Check "Start Time" and "End Time".',
	},
	'4': {
		meaning: 'the paging parameters are invalid',
		fix: 'Run the workflow again; if it keeps happening, report it to the maintainers of this node.',
	},
	'12': {
		meaning: 'the caller is unavailable',
		fix: 'Check the tenant configuration with your CEC operations contact.',
	},
};

export interface DescribedRetCode extends RetCodeWording {
	known: boolean;
}

/** The wording for a retCode, saying so plainly when the docs do not list it. */
export function describeRetCode(
	table: Readonly<Record<string, RetCodeWording>>,
	retCode: string,
): DescribedRetCode {
	const known = Object.prototype.hasOwnProperty.call(table, retCode) ? table[retCode] : undefined;
	if (known) return { ...known, known: true };
	return {
		known: false,
		meaning: `BES returned retCode ${retCode}, which its documentation does not describe`,
		fix: 'Read retMsg for what BES says, and ask your CEC operations contact what the code means.',
	};
}

export interface HttpWording {
	message: string;
	description: string;
}

/**
 * What an HTTP error status from BES's business APIs means (docs/providers/bes.md#http-statuses).
 */
export function describeBesHttpStatus(httpStatus: number | undefined, host: string): HttpWording {
	switch (httpStatus) {
		case 400:
			return {
				message: 'BES rejected the request as invalid (HTTP 400)',
				description: 'Check the parameters of this item.',
			};
		case 401:
			return {
				message: 'BES rejected the access token (HTTP 401), also after a fresh one was issued',
				description:
					'The app key may lack the voice-notification service, or the account may be suspended. Check with your CEC operations contact that the service is purchased and the account is active.',
			};
		case 403:
			return {
				message: 'BES refused access (HTTP 403)',
				description: `Huawei's gateway answers 403 when the caller's IP address is not on the tenant's allow-list. Ask your CEC operations contact to allow the public IP address of this n8n instance for ${host}.`,
			};
		case 404:
			return {
				message: 'BES has no such service at this address (HTTP 404)',
				description:
					"Check Base URL in the BES API credential: it is the tenant's domain only, such as https://service.besclouds.com, without a path.",
			};
		default:
			return {
				message: `BES answered with HTTP ${httpStatus ?? 'error'}`,
				description: 'BES did not say why. Check the parameters of this item.',
			};
	}
}
