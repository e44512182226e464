import { fieldOf, hasField, isObject, textOf } from '../../shared/json';

/** Bitel's errors in any shape, in words (docs/providers/bitel.md#errors-in-any-shape-never-taken-for-success). */

export interface ErrorWording {
	message: string;
	description: string;
}

const PANEL = 'the Bitel panel (bitel.rest)';

/** What a request creates: a call or an SMS (by its path), so that an SMS error never speaks of a call. */
export type BitelSubject = 'call' | 'sms';

const SUBJECT_WORDS: Record<BitelSubject, { notDone: string; allowedTo: string }> = {
	call: { notDone: 'Bitel did not place this call.', allowedTo: 'place calls' },
	sms: { notDone: 'Bitel did not send this SMS.', allowedTo: 'send SMS' },
};

/** Codes with the same words for calls and SMS. */
const SHARED_CODES: Record<string, ErrorWording> = {
	InvalidServer: {
		message: 'Bitel does not know this server ID',
		description: `Check "Server ID" in the options against the dialers of your project in ${PANEL}, or remove it to use the default dialer.`,
	},
	InvalidGateway: {
		message: 'Bitel does not accept this gateway number',
		description: `Check "Gateway Number" in the options against the gateway (sender) numbers you may use in ${PANEL}, or remove it to use the default one.`,
	},
	// The Template SMS page's codes (docs/providers/bitel.md#sms).
	TemplateFormatError: {
		message: 'The template’s variables do not match the Template Parameters',
		description:
			'Bitel did not send this SMS. Give Template Parameters one value per variable of the template, in order: usually fewer values than variables were given.',
	},
	InvalidTemplate: {
		message: 'Bitel has no template with this Template ID',
		description: `Bitel did not send this SMS. Copy Template ID from your templates in ${PANEL}.`,
	},
	TemplatePending: {
		message: 'The template has not been approved yet',
		description: `Bitel did not send this SMS. Wait for Bitel to review and approve the template (see its state in ${PANEL}), then run the workflow again.`,
	},
};

/** Codes whose words depend on what the request creates. */
const SUBJECT_CODES: Record<BitelSubject, Record<string, ErrorWording>> = {
	call: {
		InvalidRequest: {
			message: 'Bitel rejected the request as invalid',
			description:
				'Bitel accepted none of it. Check the phone number, the voice ID, the text and the options of this item.',
		},
		InvalidPhoneNumber: {
			message: 'Bitel rejected the phone number',
			description: 'Use an Iranian mobile or landline number, for example 09121234567.',
		},
		NotFound: {
			message: 'Bitel has no call with this ID',
			description: 'Use the "id" that a Bitel call operation returned for this call.',
		},
	},
	sms: {
		InvalidRequest: {
			message: 'Bitel rejected the SMS request as invalid',
			description:
				'Bitel did not send this SMS. Check the phone number first (Bitel names it as the most likely cause; SMS go to mobile numbers), then the message, the template and the options of this item.',
		},
		InvalidPhoneNumber: {
			message: 'Bitel rejected the phone number',
			description: 'Use an Iranian mobile number, for example 09121234567.',
		},
		NotFound: {
			message: 'Bitel has no SMS with this ID',
			description: 'Use the "id" that a Bitel SMS operation returned for this SMS.',
		},
	},
};

/** What a Bitel error answer says, whichever of its shapes it came in. */
export interface BitelErrorAnswer {
	/** Bitel's code, or one of ours when it sent none (VALIDATION_PROBLEM, UNNAMED_ERROR). */
	code: string;
	/** Bitel's own words, when it sent any. */
	message?: string;
	/** ASP.NET validation messages, as "field: message". */
	fieldErrors: string[];
}

/** Our code for an ASP.NET validation body without a code of its own. */
export const VALIDATION_PROBLEM = 'ValidationProblem';
/** Our code for an error object that has a message but no code. */
export const UNNAMED_ERROR = 'UnnamedError';

const MAX_SAID = 200;
const MAX_FIELD_ERRORS = 5;

function parsedBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body);
	} catch {
		return undefined;
	}
}

/** `errors: {PhoneNumbers: ["…"]}` or `errors: ["…"]` as "field: message" lines. */
function validationMessages(errors: unknown): string[] {
	if (Array.isArray(errors)) return errors.map(textOf).filter((line) => line !== undefined);
	if (!isObject(errors)) return [];
	const lines: string[] = [];
	for (const [field, messages] of Object.entries(errors)) {
		const list = Array.isArray(messages) ? messages : [messages];
		for (const message of list) {
			const said = textOf(message) ?? textOf(fieldOf(message, 'message', 'errorMessage'));
			if (said) lines.push(field === '' || field === '$' ? said : `${field}: ${said}`);
		}
	}
	return lines;
}

/** Whether a body is ASP.NET's problem details for a failed request. */
function isProblemBody(body: unknown): boolean {
	if (!isObject(body) || hasField(body, 'result')) return false;
	const errors = fieldOf(body, 'errors');
	if (isObject(errors) || Array.isArray(errors)) return true;
	const status = Number(fieldOf(body, 'status'));
	return textOf(fieldOf(body, 'title')) !== undefined && status >= 400 && status <= 599;
}

/** The error in a Bitel answer (a code, an object, an ASP.NET validation body), if any. */
export function readBitelError(body: unknown): BitelErrorAnswer | undefined {
	const parsed = parsedBody(body);
	if (!isObject(parsed)) return undefined;
	const error = fieldOf(parsed, 'error');
	const code = textOf(error);
	if (code) return { code, fieldErrors: [] };
	if (isObject(error)) {
		const ownCode = textOf(fieldOf(error, 'code', 'errorCode', 'name', 'type'));
		const message = textOf(fieldOf(error, 'message', 'description', 'detail', 'title'));
		const fieldErrors = validationMessages(fieldOf(error, 'errors', 'details'));
		if (ownCode || message || fieldErrors.length > 0)
			return { code: ownCode ?? UNNAMED_ERROR, message, fieldErrors };
	}
	if (isProblemBody(parsed)) {
		const title = textOf(fieldOf(parsed, 'title'));
		const detail = textOf(fieldOf(parsed, 'detail'));
		return {
			code: textOf(fieldOf(parsed, 'errorCode', 'code')) ?? VALIDATION_PROBLEM,
			message: title && detail ? `${title} ${detail}` : (title ?? detail),
			fieldErrors: validationMessages(fieldOf(parsed, 'errors')),
		};
	}
	return undefined;
}

/** The error code from a Bitel error body, if it has one. */
export function bitelErrorCode(body: unknown): string | undefined {
	return readBitelError(body)?.code;
}

/** " Bitel said: …" with the provider's message and field errors, short. */
function bitelSaid(answer: BitelErrorAnswer | undefined): string {
	if (!answer) return '';
	const parts = [answer.message, ...answer.fieldErrors.slice(0, MAX_FIELD_ERRORS)]
		.filter((part) => part !== undefined)
		.map((part) => part.slice(0, MAX_SAID));
	if (answer.fieldErrors.length > MAX_FIELD_ERRORS)
		parts.push(`and ${answer.fieldErrors.length - MAX_FIELD_ERRORS} more`);
	return parts.length === 0 ? '' : ` Bitel said: "${parts.join('; ')}".`;
}

/** The words for a Bitel error, for a call or an SMS, quoting what Bitel said. */
export function describeBitelError(
	httpStatus: number | undefined,
	code: string | undefined,
	body?: unknown,
	subject: BitelSubject = 'call',
): ErrorWording {
	const wording = wordingFor(httpStatus, code, subject);
	const said = bitelSaid(readBitelError(body));
	return said === '' ? wording : { ...wording, description: `${wording.description}${said}` };
}

function wordingFor(
	httpStatus: number | undefined,
	code: string | undefined,
	subject: BitelSubject,
): ErrorWording {
	const { notDone, allowedTo } = SUBJECT_WORDS[subject];
	if (httpStatus === 401) {
		return {
			message: 'Bitel rejected the API token',
			description: `The token is missing, invalid or revoked. Create a new token in ${PANEL} and update the Bitel API credential.`,
		};
	}
	// A documented code says what went wrong, also under 403.
	const known = code ? (SUBJECT_CODES[subject][code] ?? SHARED_CODES[code]) : undefined;
	if (known) return known;
	if (httpStatus === 403) {
		return {
			message: 'Bitel refused access with this API token',
			description: `Check in ${PANEL} that the token's project is active and allowed to ${allowedTo}.`,
		};
	}
	if (code === VALIDATION_PROBLEM) {
		return {
			message: 'Bitel rejected the request as invalid',
			description:
				subject === 'sms'
					? `${notDone} Check the fields it names below against the phone number, the message and the options of this item.`
					: 'Bitel accepted none of it. Check the fields it names below against the phone number, the voice ID, the text and the options of this item.',
		};
	}
	if (code === UNNAMED_ERROR) {
		return {
			message: 'Bitel refused the request without saying why',
			description: `${notDone} Check your project in ${PANEL} (balance, project status) and the parameters of this item.`,
		};
	}
	if (code) {
		return {
			message: `Bitel refused the request (${code})`,
			description: `${notDone} Check your project in ${PANEL} (balance, project status) and the parameters of this item.`,
		};
	}
	return {
		message: `Bitel refused the request (HTTP ${httpStatus ?? 'error'})`,
		description: `Bitel did not say why. Check the parameters of this item and your project in ${PANEL}.`,
	};
}
