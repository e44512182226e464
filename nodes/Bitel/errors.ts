/**
 * Bitel's error codes in words a workflow builder understands. Bitel answers errors as
 * `{"result": null, "error": "<Code>"}`; the codes are documented per endpoint.
 */

export interface ErrorWording {
	message: string;
	description: string;
}

const PANEL = 'the Bitel panel (bitel.rest)';

const KNOWN_CODES: Record<string, ErrorWording> = {
	InvalidRequest: {
		message: 'Bitel rejected the request as invalid',
		description:
			'Bitel accepted none of it. Check the phone number, the voice ID, the text and the options of this item.',
	},
	InvalidServer: {
		message: 'Bitel does not know this server ID',
		description: `Check "Server ID" in the options against the dialers of your project in ${PANEL}, or remove it to use the default dialer.`,
	},
	InvalidPhoneNumber: {
		message: 'Bitel rejected the phone number',
		description: 'Use an Iranian mobile or landline number, for example 09121234567.',
	},
	NotFound: {
		message: 'Bitel has no call with this ID',
		description: 'Use the "id" that a Bitel call operation returned for this call.',
	},
};

/** The wording for a Bitel error answer, from its HTTP status and error code. */
export function describeBitelError(
	httpStatus: number | undefined,
	code: string | undefined,
): ErrorWording {
	if (httpStatus === 401) {
		return {
			message: 'Bitel rejected the API token',
			description: `The token is missing, invalid or revoked. Create a new token in ${PANEL} and update the Bitel API credential.`,
		};
	}
	if (httpStatus === 403) {
		return {
			message: 'Bitel refused access with this API token',
			description: `Check in ${PANEL} that the token's project is active and allowed to place calls.`,
		};
	}
	if (code && KNOWN_CODES[code]) return KNOWN_CODES[code];
	if (code) {
		return {
			message: `Bitel returned the error "${code}"`,
			description: `Bitel did not place this call. Check your project in ${PANEL} (balance, project status) and the parameters of this item.`,
		};
	}
	return {
		message: `Bitel answered with HTTP ${httpStatus ?? 'error'}`,
		description: `Bitel did not say why. Check the parameters of this item and your project in ${PANEL}.`,
	};
}

/** The error code from a Bitel error body, if it has one. */
export function bitelErrorCode(body: unknown): string | undefined {
	if (typeof body === 'object' && body !== null) {
		const error = (body as { error?: unknown }).error;
		if (typeof error === 'string' && error !== '') return error;
	}
	return undefined;
}
