import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { classifyHttpFailure, describeTransportFailure } from '../../shared/failures';
import { isObject, readJsonBody } from '../../shared/json';
import { bitelErrorCode, describeBitelError } from './errorWording';

/**
 * The Bitel API credential test: the status of a call ID that cannot exist, decided by the body
 * (docs/providers/bitel.md#authorization); a method, not a declarative test, so that it works on
 * n8n 1.x too (docs/n8n-internals.md#credential-tests-on-1x).
 */

export const CREDENTIAL_TEST_PATH = '/api/v2/voice/status/00000000000000000000000000000000';

const TEST_TIMEOUT_MS = 15_000;

const BITEL_API = 'https://api.bitel.rest';

interface ProbeAnswer {
	status?: number;
	body?: unknown;
	error?: unknown;
}

/** The status and body of the probe request, whether the helper resolved or threw. */
async function probe(
	context: ICredentialTestFunctions,
	url: string,
	token: string,
): Promise<ProbeAnswer> {
	try {
		const response = (await context.helpers.request({
			method: 'GET',
			uri: url,
			headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
			json: true,
			simple: false,
			resolveWithFullResponse: true,
			timeout: TEST_TIMEOUT_MS,
		})) as { statusCode?: unknown; status?: unknown; body?: unknown };
		const status = Number(response?.statusCode ?? response?.status);
		return Number.isInteger(status) ? { status, body: response?.body } : {};
	} catch (error) {
		const failure = classifyHttpFailure(error);
		return { status: failure.httpStatus, body: failure.body, error };
	}
}

/** Whether an error code is Bitel's NotFound, in any casing. */
const isNotFound = (code: string | undefined) =>
	code !== undefined && code.replace(/[\s_-]/g, '').toLowerCase() === 'notfound';

/** What the probe's answer says about the token and the Base URL. */
export function judgeProbe(answer: ProbeAnswer, baseUrl: string): INodeCredentialTestResult {
	const { status, body } = answer;
	if (status === undefined) {
		return {
			status: 'Error',
			message: `Could not reach Bitel at ${baseUrl}: ${describeTransportFailure(classifyHttpFailure(answer.error))}. Check the Base URL.`,
		};
	}
	if (status === 401 || status === 403) {
		const wording = describeBitelError(status, undefined);
		return { status: 'Error', message: `${wording.message}. ${wording.description}` };
	}
	const code = bitelErrorCode(body);
	// NotFound under any status below 500 (Bitel documents its errors under 3xx and 4xx).
	const accepted =
		(status < 500 && isNotFound(code)) ||
		(status >= 200 && status < 300 && code === undefined && isObject(readJsonBody(body)));
	if (accepted) return { status: 'OK', message: 'Bitel accepted the API token' };
	if (status === 404 || (status >= 200 && status < 300)) {
		return {
			status: 'Error',
			message: `The Base URL is not Bitel's API: ${baseUrl} answered HTTP ${status} without Bitel's answer. Use ${BITEL_API} (the API, not the panel at bitel.rest), or your proxy's address.`,
		};
	}
	return {
		status: 'Error',
		message: `Bitel answered HTTP ${status}${code ? ` (${code})` : ''} at ${baseUrl}. Check the Base URL, or try again in a moment.`,
	};
}

export async function testBitelApiToken(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const token = String(credential.data?.apiToken ?? '').trim();
	if (token === '') return { status: 'Error', message: 'Enter the API token from the Bitel panel' };
	const baseUrl = String(credential.data?.baseUrl || BITEL_API).replace(/\/+$/, '');
	return judgeProbe(await probe(this, `${baseUrl}${CREDENTIAL_TEST_PATH}`, token), baseUrl);
}
