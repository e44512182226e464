import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { classifyHttpFailure, describeTransportFailure } from '../../shared/failures';
import { describeBitelError } from './errorWording';

/**
 * The Bitel API credential test, run by n8n's "Test" button (the node names it in
 * `testedBy`). Bitel has no "who am I" endpoint, so it asks for the status of a call ID
 * that cannot exist: that reads only and places nothing; a good token gets 404 NotFound,
 * a rejected one 401.
 *
 * Why a method and not the credential's declarative `test`: that needs "404 is success",
 * which only `ignoreHttpStatusErrors: { ignore: true, except: [401, 403] }` can say, and
 * n8n-core 1.x reads that option only as a boolean, so on 1.x a wrong token passed the
 * test. Here the status is read on every n8n version. n8n gives a credential test only its
 * legacy `request` helper (no httpRequestWithAuthentication), so the header is set here,
 * from the credential being tested, exactly as the credential's `authenticate` sets it.
 */

export const CREDENTIAL_TEST_PATH = '/api/v2/voice/status/00000000000000000000000000000000';

const TEST_TIMEOUT_MS = 15_000;

/** The status of the probe request, whether the helper resolved or threw. */
async function probeStatus(
	context: ICredentialTestFunctions,
	url: string,
	token: string,
): Promise<{ status?: number; error?: unknown }> {
	try {
		const response = (await context.helpers.request({
			method: 'GET',
			uri: url,
			headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
			json: true,
			simple: false,
			resolveWithFullResponse: true,
			timeout: TEST_TIMEOUT_MS,
		})) as { statusCode?: unknown; status?: unknown };
		const status = Number(response?.statusCode ?? response?.status);
		return Number.isInteger(status) ? { status } : {};
	} catch (error) {
		const failure = classifyHttpFailure(error);
		return { status: failure.httpStatus, error };
	}
}

export async function testBitelApiToken(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const token = String(credential.data?.apiToken ?? '').trim();
	if (token === '') return { status: 'Error', message: 'Enter the API token from the Bitel panel' };
	const baseUrl = String(credential.data?.baseUrl || 'https://api.bitel.rest').replace(/\/+$/, '');

	const { status, error } = await probeStatus(this, `${baseUrl}${CREDENTIAL_TEST_PATH}`, token);
	if (status === 401 || status === 403) {
		const wording = describeBitelError(status, undefined);
		return { status: 'Error', message: `${wording.message}. ${wording.description}` };
	}
	// 404 is Bitel's answer for an unknown call ID: the token was accepted.
	if (status !== undefined && (status === 404 || (status >= 200 && status < 300))) {
		return { status: 'OK', message: 'Bitel accepted the API token' };
	}
	if (status !== undefined) {
		return {
			status: 'Error',
			message: `Bitel answered HTTP ${status} at ${baseUrl}. Check the Base URL, or try again in a moment.`,
		};
	}
	return {
		status: 'Error',
		message: `Could not reach Bitel at ${baseUrl}: ${describeTransportFailure(classifyHttpFailure(error))}. Check the Base URL.`,
	};
}
