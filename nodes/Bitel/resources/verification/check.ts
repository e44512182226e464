import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { invalidParameterError } from '../../../shared/outcome';
import { numberValue, readItem, textValue } from '../../../shared/parameters';
import { normalizeIranianPhoneNumber, PHONE_FORMATS_HINT } from '../../../shared/phone';
import { optionsCollection } from '../../../shared/properties';
import type { OperationDefinition } from '../../../shared/router';
import { readItems, toOutputItems } from '../../../shared/runner';
import { otpCodesMatch } from '../../helpers/otpCode';
import { readOptions, readRequiredText } from '../../helpers/parameters';
import { forAgent, readToken, tokenField, verificationKeys } from '../../helpers/verification';
import { verificationMemory } from '../../helpers/verificationMemory';
import { openVerificationToken, verificationExpired } from '../../helpers/verificationToken';
import { READS_STATUS } from '../../transport';

interface CheckRequest {
	token: string;
	code: string;
	phoneNumber?: string;
	maxAttempts: number;
}

function readRequest(context: IExecuteFunctions, itemIndex: number): CheckRequest {
	const token = readToken(context, itemIndex);
	const code = readRequiredText(
		context,
		'code',
		'Code',
		itemIndex,
		'Enter the code the person typed.',
	);
	const options = readOptions(context, itemIndex);
	const written = readItem(context.getNode(), itemIndex, () =>
		textValue(options.phoneNumber, 'Phone Number'),
	);
	const phoneNumber = written === '' ? undefined : normalizeIranianPhoneNumber(written);
	if (written !== '' && !phoneNumber) {
		throw invalidParameterError(
			context.getNode(),
			'Phone Number',
			`"${written}" is not an Iranian phone number`,
			`${PHONE_FORMATS_HINT}, or remove the option.`,
			itemIndex,
		);
	}
	const maxAttempts = readItem(
		context.getNode(),
		itemIndex,
		() =>
			numberValue(options.maxAttempts, 'Max Attempts', {
				min: 1,
				max: 100,
				whole: true,
				unset: 'or remove the option for 5',
			}) ?? 5,
	);
	return { token, code, phoneNumber, maxAttempts };
}

async function checkCode(context: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = readItems(context, readRequest);
	const { key } = await verificationKeys(context);
	const now = Date.now();
	const agent = forAgent(context);
	const results = items.map((item) => {
		if (!('value' in item)) return item;
		const { token, code, phoneNumber, maxAttempts } = item.value;
		const claims = openVerificationToken(token, key);
		const json: IDataObject = { approved: false, attemptsLeft: 0 };
		if (!claims || (phoneNumber !== undefined && phoneNumber !== claims.phoneNumber)) {
			json.status = 'invalidToken';
		} else {
			json.verificationId = claims.verificationId;
			json.phoneNumber = claims.phoneNumber;
			// Order: invalidToken, expired, then what this process remembers (used, locked, attempts).
			if (verificationExpired(claims, now)) json.status = 'expired';
			else {
				const outcome = verificationMemory.checkCode(
					{
						verificationId: claims.verificationId,
						expiresAt: claims.expiresAt,
						maxAttempts,
						codeMatches: otpCodesMatch(code, claims.code),
					},
					now,
				);
				json.status = outcome.status;
				json.attemptsLeft = outcome.attemptsLeft;
				json.approved = outcome.status === 'approved';
			}
		}
		// An AI agent gets only the status fields.
		if (agent) for (const name of ['verificationId', 'phoneNumber']) delete json[name];
		return { status: 'accepted' as const, itemIndex: item.itemIndex, json };
	});
	return toOutputItems(context, results, READS_STATUS);
}

export const checkVerificationCode: OperationDefinition = {
	value: 'check',
	name: 'Check Code',
	action: 'Check verification code',
	description:
		'Check a code against the token Send Code returned: approved, wrongCode, expired, tooManyAttempts, alreadyUsed or invalidToken',
	properties: [
		tokenField,
		{
			displayName: 'Code',
			name: 'code',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 48213',
			description: 'The code the person typed (Persian digits and spaces are fine)',
		},
		optionsCollection(undefined, [
			{
				displayName: 'Max Attempts',
				name: 'maxAttempts',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
				default: 5,
				description:
					'Wrong codes allowed before the verification is locked (counted in this n8n process)',
			},
			{
				displayName: 'Phone Number',
				name: 'phoneNumber',
				type: 'string',
				default: '',
				placeholder: 'e.g. 09121234567',
				description:
					'Approve only a token sent to this number (any form of it); a token for another number is invalidToken',
			},
		]),
	],
	run: checkCode,
};
