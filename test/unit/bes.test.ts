import type { ICredentialDataDecryptedObject, IHttpRequestHelper, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	MAX_WINDOW_MS,
	hasMorePages,
	matchesFilters,
	parseTime,
	readCalledFilter,
	readSerialFilter,
	splitTimeRange,
	zoneOffsetMs,
} from '../../nodes/Bes/helpers/recordQuery';
import {
	CREATE_RET_CODES,
	RECORD_RET_CODES,
	describeBesHttpStatus,
	describeRetCode,
} from '../../nodes/Bes/helpers/retCodes';
import {
	BesTokenError,
	findTokenError,
	normalizeBaseUrl,
	requestBesToken,
	tokenEndpoint,
	tokenLifetimeOf,
	tokenLifetimeSeconds,
} from '../../nodes/Bes/helpers/token';
import { parseBesBody } from '../../nodes/Bes/transport';
import {
	normalizeCalled,
	prepareCallbackUrl,
	readCallerPresent,
	readPlayList,
	readTemplateParams,
} from '../../nodes/Bes/helpers/voiceNotificationParameters';
import { problemOf } from '../helpers/invalidParameter';

const DAY = 24 * 60 * 60 * 1000;

describe('called number', () => {
	test.each([
		['88880000', '88880000'],
		['  +86 138-0000-0000 ', '+8613800000000'],
		['(021) 8877.6655', '02188776655'],
		['۰۹۱۲۱۲۳۴۵۶۷', '09121234567'],
		['1'.repeat(32), '1'.repeat(32)],
		['8888\u200c0000', '88880000'], // ZWNJ from Persian text, as the Bitel numbers
		['\u200e+86 138\u22120000\u20130000', '+8613800000000'],
	])('%p is sent as %p', (input, expected) => {
		expect(normalizeCalled(input)).toBe(expected);
	});

	test.each([
		['', 'is empty'],
		['1'.repeat(33), 'is 33 characters long'],
		['12a4', 'is not a phone number'],
		['++12', 'is not a phone number'],
		['12+3', 'is not a phone number'],
		['88880000/1', 'is not a phone number'], // two numbers, never one made-up one
	])('%p: %s', (input, problem) => {
		const error = problemOf(() => normalizeCalled(input));
		expect(error.parameter).toBe('Called Number');
		expect(error.problem).toContain(problem);
		expect(error.fix).not.toBe('');
	});
});

describe('template parameters', () => {
	test('text is split at commas and trimmed; an array is taken as it is', () => {
		expect(readTemplateParams(' 3 , Main gate ', 'T')).toEqual(['3', 'Main gate']);
		expect(readTemplateParams(['a,b', 7], 'T')).toEqual(['a,b', '7']);
		expect(readTemplateParams(42, 'T')).toEqual(['42']);
	});

	test('empty means none', () => {
		expect(readTemplateParams('', 'T')).toBeUndefined();
		expect(readTemplateParams('   ', 'T')).toBeUndefined();
		expect(readTemplateParams([], 'T')).toBeUndefined();
		expect(readTemplateParams(undefined, 'T')).toBeUndefined();
	});

	test('10 values pass, 11 do not', () => {
		expect(readTemplateParams('1,2,3,4,5,6,7,8,9,10', 'T')).toHaveLength(10);
		expect(problemOf(() => readTemplateParams('1,2,3,4,5,6,7,8,9,10,11', 'T')).problem).toBe(
			'has 11 values',
		);
	});

	test('32 bytes pass, 33 do not, counted in UTF-8', () => {
		expect(readTemplateParams(['x'.repeat(32)], 'T')).toHaveLength(1);
		expect(readTemplateParams(['人'.repeat(10) + 'xx'], 'T')).toHaveLength(1); // 30 + 2 bytes
		expect(problemOf(() => readTemplateParams(['x'.repeat(33)], 'T')).problem).toBe(
			'value 1 is 33 bytes long',
		);
		expect(problemOf(() => readTemplateParams(['人'.repeat(11)], 'T')).problem).toBe(
			'value 1 is 33 bytes long',
		);
		// 2-byte and 4-byte characters (é, 😀) count as such.
		expect(readTemplateParams(['é'.repeat(16)], 'T')).toHaveLength(1);
		expect(readTemplateParams(['😀'.repeat(8)], 'T')).toHaveLength(1);
		expect(problemOf(() => readTemplateParams(['é'.repeat(16) + 'x'], 'T')).problem).toBe(
			'value 1 is 33 bytes long',
		);
		expect(problemOf(() => readTemplateParams(['😀'.repeat(8) + 'x'], 'T')).problem).toBe(
			'value 1 is 33 bytes long',
		);
	});

	test.each(['$', '{', '}'])('%s is refused', (character) => {
		expect(problemOf(() => readTemplateParams(`ok, a${character}b`, 'T')).problem).toMatch(
			/^value 2 \("a.b"\) contains \$, \{ or \}$/,
		);
	});

	test('an empty value, an object or a non-list is refused', () => {
		expect(problemOf(() => readTemplateParams('a,,b', 'T')).problem).toBe('value 2 is empty');
		expect(problemOf(() => readTemplateParams([{ a: 1 }], 'T')).problem).toBe(
			'value 1 is not text',
		);
		expect(problemOf(() => readTemplateParams({ a: 1 }, 'T')).problem).toBe(
			'is neither text nor a list',
		);
	});
});

describe('play list', () => {
	test('editor entries become BES entries, template parameters only with a template', () => {
		expect(
			readPlayList({
				entry: [
					{ source: 'voiceId', value: ' 1201763136043459597 ' },
					{ source: 'voiceFileName', value: 'welcome.wav' },
					{ source: 'templateId', value: '1226170940666061826', templateParams: '3, gate' },
					{ source: 'templateId', value: '1226170940666061827', templateParams: '' },
				],
			}),
		).toEqual([
			{ voiceId: '1201763136043459597' },
			{ voiceFileName: 'welcome.wav' },
			{ templateId: '1226170940666061826', templateParams: ['3', 'gate'] },
			{ templateId: '1226170940666061827' },
		]);
	});

	test("BES's own shape from an expression is accepted", () => {
		expect(readPlayList([{ voiceId: '1' }, { templateId: '2', templateParams: ['x'] }])).toEqual([
			{ voiceId: '1' },
			{ templateId: '2', templateParams: ['x'] },
		]);
	});

	test('1 to 5 entries', () => {
		const entry = { source: 'voiceId', value: '1' };
		expect(readPlayList({ entry: Array(5).fill(entry) })).toHaveLength(5);
		expect(problemOf(() => readPlayList({ entry: Array(6).fill(entry) })).problem).toBe(
			'has 6 entries',
		);
		expect(problemOf(() => readPlayList({})).problem).toBe('has no entries');
		expect(problemOf(() => readPlayList({ entry: [] })).problem).toBe('has no entries');
		expect(problemOf(() => readPlayList(undefined)).problem).toBe('has no entries');
	});

	test('exactly one source per entry', () => {
		expect(problemOf(() => readPlayList([{ voiceId: '1', voiceFileName: 'a' }])).problem).toBe(
			'has voiceId and voiceFileName',
		);
		expect(problemOf(() => readPlayList([{ templateParams: ['a'] }])).parameter).toBe(
			'Play List entry 1',
		);
		expect(problemOf(() => readPlayList([{ voiceId: '1' }, 'x'])).parameter).toBe(
			'Play List entry 2',
		);
		expect(
			problemOf(() => readPlayList({ entry: [{ source: 'text', value: 'hi' }] })).problem,
		).toBe('has the unknown source "text"');
		expect(
			problemOf(() => readPlayList({ entry: [{ source: 'templateId', value: '  ' }] })).problem,
		).toBe('has an empty Template ID');
	});

	test('template parameters on a recording are refused', () => {
		const error = problemOf(() =>
			readPlayList({ entry: [{ source: 'voiceId', value: '1', templateParams: 'a' }] }),
		);
		expect(error.problem).toBe('has template parameters but plays a Voice ID');
	});

	test('the parameter of a bad template value names its entry', () => {
		const error = problemOf(() =>
			readPlayList([{ voiceId: '1' }, { templateId: '2', templateParams: ['$'] }]),
		);
		expect(error.parameter).toBe('Template Parameters of Play List entry 2');
	});
});

describe('callback URL', () => {
	test('Base64 of the URL, padded as BES decodes it', () => {
		expect(prepareCallbackUrl(' https://n8n.example.com/webhook/bes ', true)).toBe(
			'aHR0cHM6Ly9uOG4uZXhhbXBsZS5jb20vd2ViaG9vay9iZXM=',
		);
		expect(prepareCallbackUrl('http://a.b/c', true)).toBe('aHR0cDovL2EuYi9j');
		expect(prepareCallbackUrl('http://a.b/cd', true)).toBe('aHR0cDovL2EuYi9jZA==');
	});

	test('sent as typed when encoding is off; unset is undefined', () => {
		expect(prepareCallbackUrl('http://10.0.0.1:8800/cb?a=1', false)).toBe(
			'http://10.0.0.1:8800/cb?a=1',
		);
		expect(prepareCallbackUrl('', true)).toBeUndefined();
		expect(prepareCallbackUrl(undefined, true)).toBeUndefined();
	});

	test('http(s) only', () => {
		for (const url of ['ftp://a.b/c', 'n8n.example.com/cb', 'https://', 'javascript:alert(1)']) {
			expect(problemOf(() => prepareCallbackUrl(url, true)).problem).toMatch(
				/is not an http\(s\) URL$/,
			);
		}
	});

	test('at most 256 characters as sent: 192 characters encode to exactly 256', () => {
		const url = (length: number) => `https://a.bc/${'x'.repeat(length - 13)}`;
		expect(prepareCallbackUrl(url(192), true)).toHaveLength(256);
		expect(problemOf(() => prepareCallbackUrl(url(193), true)).problem).toBe(
			'is 260 characters long once Base64-encoded',
		);
		expect(prepareCallbackUrl(url(256), false)).toHaveLength(256);
		expect(problemOf(() => prepareCallbackUrl(url(257), false)).problem).toBe(
			'is 257 characters long',
		);
	});

	test('only the documented characters when encoded', () => {
		expect(prepareCallbackUrl('https://a.b/c_d-e:1/f?g&h#i', true)).toBeDefined();
		for (const url of [
			'https://a.b/c?d=1',
			'https://a.b/%20',
			'https://a.b/ü',
			'https://a.b/c d',
		]) {
			expect(problemOf(() => prepareCallbackUrl(url, true)).problem).toMatch(
				/characters BES does not accept|not an http/,
			);
		}
	});
});

describe('numbers and caller', () => {
	test('caller number at most 32 characters', () => {
		expect(readCallerPresent(' 960003 ')).toBe('960003');
		expect(readCallerPresent('')).toBeUndefined();
		expect(problemOf(() => readCallerPresent('9'.repeat(33))).parameter).toBe('Caller Number');
	});
});

describe('retCodes', () => {
	const documented = ['1', ...Array.from({ length: 22 }, (_, i) => String(i + 3)), '36'];

	test('every documented createVoiceNotification code (1, 3–24, 36) has a meaning and a fix', () => {
		expect(Object.keys(CREATE_RET_CODES).sort()).toEqual([...documented].sort());
		for (const code of documented) {
			const wording = describeRetCode(CREATE_RET_CODES, code);
			expect(wording.known).toBe(true);
			expect(wording.meaning.length).toBeGreaterThan(10);
			expect(wording.fix.length).toBeGreaterThan(10);
		}
		expect(describeRetCode(CREATE_RET_CODES, '16').meaning).toBe(
			'the tenant is in trial-commercial state and the called number is not on its whitelist',
		);
		expect(describeRetCode(CREATE_RET_CODES, '36').meaning).toBe(
			'the priority has an invalid format',
		);
	});

	test.each(['2', '25', '99', '', 'constructor', 'toString'])(
		'%p is unknown and says so',
		(code) => {
			const wording = describeRetCode(CREATE_RET_CODES, code);
			expect(wording.known).toBe(false);
			expect(wording.meaning).toBe(
				`BES returned retCode ${code}, which its documentation does not describe`,
			);
		},
	);

	test('call-record codes have their own table', () => {
		expect(Object.keys(RECORD_RET_CODES).sort()).toEqual(['1', '12', '2', '4']);
		expect(describeRetCode(RECORD_RET_CODES, '2').meaning).toMatch(/7 days/);
		expect(describeRetCode(RECORD_RET_CODES, '16').known).toBe(false);
	});

	test('HTTP 403 explains the IP allow-list, naming the host', () => {
		const wording = describeBesHttpStatus(403, 'service.besclouds.com');
		expect(wording.message).toBe('BES refused access (HTTP 403)');
		expect(wording.description).toMatch(/allow-list.*service\.besclouds\.com/);
		expect(describeBesHttpStatus(404, 'x').description).toMatch(/Base URL/);
		expect(describeBesHttpStatus(418, 'x').message).toBe('BES answered with HTTP 418');
	});
});

describe('time windows', () => {
	test('a range of 20 days is 4 windows of 6 days, without gap or overlap', () => {
		const start = 1_700_000_000_000;
		const windows = splitTimeRange(start, start + 20 * DAY);
		expect(windows).toEqual([
			{ start, end: start + 6 * DAY },
			{ start: start + 6 * DAY + 1, end: start + 12 * DAY + 1 },
			{ start: start + 12 * DAY + 2, end: start + 18 * DAY + 2 },
			{ start: start + 18 * DAY + 3, end: start + 20 * DAY },
		]);
	});

	test.each([
		[0, 1],
		[1, 1],
		[6 * DAY, 1],
		[6 * DAY + 1, 2],
		[7 * DAY, 2],
		[12 * DAY + 1, 2],
		[12 * DAY + 2, 3],
		[365 * DAY, 61],
	])('a range of %p ms is %p window(s), each less than 7 days', (span, count) => {
		const windows = splitTimeRange(1000, 1000 + span);
		expect(windows).toHaveLength(count);
		expect(windows[0].start).toBe(1000);
		expect(windows[windows.length - 1].end).toBe(1000 + span);
		windows.forEach((window, index) => {
			expect(window.end - window.start).toBeLessThan(MAX_WINDOW_MS);
			expect(window.end).toBeGreaterThanOrEqual(window.start);
			if (index > 0) expect(window.start).toBe(windows[index - 1].end + 1);
		});
	});

	test('an inverted range is refused', () => {
		expect(() => splitTimeRange(10, 9)).toThrow(RangeError);
		expect(() => splitTimeRange(Number.NaN, 9)).toThrow(RangeError);
	});
});

describe('time parsing', () => {
	const utc = () => 'UTC';

	test('text with a zone, epoch ms and seconds, Date and a DateTime-like object', () => {
		expect(parseTime('2025-03-01T08:00:00Z', utc)).toBe(Date.UTC(2025, 2, 1, 8));
		expect(parseTime('2025-03-01T08:00:00.250+03:30', utc)).toBe(
			Date.UTC(2025, 2, 1, 4, 30, 0, 250),
		);
		expect(parseTime(1_740_816_000_000, utc)).toBe(1_740_816_000_000);
		expect(parseTime('1740816000000', utc)).toBe(1_740_816_000_000);
		expect(parseTime(1_740_816_000, utc)).toBe(1_740_816_000_000);
		expect(parseTime(new Date(5000), utc)).toBe(5000);
		expect(parseTime({ toMillis: () => 1234 }, utc)).toBe(1234);
	});

	test('without a zone it is wall-clock time in the workflow time zone', () => {
		expect(parseTime('2025-03-01T08:00:00', () => 'Asia/Tehran')).toBe(Date.UTC(2025, 2, 1, 4, 30));
		expect(parseTime('2025-01-15 12:00', () => 'Europe/Berlin')).toBe(Date.UTC(2025, 0, 15, 11));
		expect(parseTime('2025-07-01T12:00:00', () => 'Europe/Berlin')).toBe(Date.UTC(2025, 6, 1, 10));
		// The first hour after the spring change (02:00 -> 03:00 on 2025-03-30).
		expect(parseTime('2025-03-30T03:30:00', () => 'Europe/Berlin')).toBe(
			Date.UTC(2025, 2, 30, 1, 30),
		);
		expect(parseTime('2025-03-01', () => 'UTC')).toBe(Date.UTC(2025, 2, 1));
	});

	test('the time zone is only asked for when the text has none', () => {
		const zone = jest.fn(() => 'UTC');
		parseTime('2025-03-01T08:00:00Z', zone);
		parseTime(1_740_816_000_000, zone);
		expect(zone).not.toHaveBeenCalled();
	});

	test('an unknown zone counts as UTC', () => {
		expect(zoneOffsetMs(0, 'Not/AZone')).toBe(0);
		expect(zoneOffsetMs(Date.UTC(2025, 0, 1), 'Asia/Tehran')).toBe(3.5 * 60 * 60 * 1000);
	});

	test.each(['soon', '', '2025-13-45T99:00:00', 'March 1', -5, Number.NaN, {}, null, true])(
		'%p is not a time',
		(value) => {
			expect(parseTime(value, utc)).toBeUndefined();
		},
	);
});

describe('record filters', () => {
	const record = { callSerialNo: '1197765398201387012', called: '88880067' };

	test('serial numbers and called numbers, several at once', () => {
		expect(matchesFilters(record, {})).toBe(true);
		expect(
			matchesFilters(record, { callSerialNos: readSerialFilter('1, 1197765398201387012') }),
		).toBe(true);
		expect(matchesFilters(record, { callSerialNos: readSerialFilter(['2']) })).toBe(false);
		expect(matchesFilters(record, { called: readCalledFilter('8888 0067;1') })).toBe(true);
		expect(matchesFilters(record, { called: readCalledFilter('88880068') })).toBe(false);
		expect(matchesFilters({ called: 'n/a' }, { called: readCalledFilter('1') })).toBe(false);
	});

	test('empty filters are no filters', () => {
		expect(readSerialFilter('')).toBeUndefined();
		expect(readSerialFilter(' , ')).toBeUndefined();
		expect(readCalledFilter(undefined)).toBeUndefined();
		expect(readCalledFilter([])).toBeUndefined();
	});

	test('a called filter that is not a number is refused', () => {
		expect(problemOf(() => readCalledFilter('front desk')).parameter).toBe('Called Number');
	});
});

describe('token', () => {
	const credentials: ICredentialDataDecryptedObject = {
		baseUrl: 'https://service.besclouds.com/',
		appKey: 'key-1',
		appSecret: 'secret-value-42',
		tokenLifetime: 1800,
		accessToken: '',
	};
	const requester = (httpRequest: jest.Mock): IHttpRequestHelper =>
		({ helpers: { httpRequest } }) as unknown as IHttpRequestHelper;

	test('POSTs key and secret with X-Token-Expire and returns the AccessToken', async () => {
		const httpRequest = jest.fn().mockResolvedValue({ AccessToken: 'tok', Expires: '1800' });
		await expect(requestBesToken(requester(httpRequest), credentials)).resolves.toEqual({
			accessToken: 'tok',
		});
		expect(httpRequest).toHaveBeenCalledWith(
			expect.objectContaining({
				method: 'POST',
				url: 'https://service.besclouds.com/apigovernance/api/oauth/tokenByAkSk',
				headers: { 'X-Token-Expire': '1800' },
				body: { app_key: 'key-1', app_secret: 'secret-value-42' },
				json: true,
			}),
		);
	});

	test('a 401 becomes a clear error without the secret and without the HTTP response', async () => {
		const httpError = Object.assign(new Error('Request failed with status code 401'), {
			config: { data: '{"app_secret":"secret-value-42"}' },
			response: { status: 401, data: { retMsg: 'bad' }, headers: {} },
		});
		const error = await requestBesToken(
			requester(jest.fn().mockRejectedValue(httpError)),
			credentials,
		).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(BesTokenError);
		const tokenError = error as BesTokenError;
		expect(tokenError.message).toBe('BES rejected the App Key or App Secret');
		expect(tokenError.credentialsRejected).toBe(true);
		expect(tokenError.besTokenFailure).toEqual({ kind: 'rejected', httpStatus: 401 });
		expect('response' in tokenError).toBe(false);
		expect(JSON.stringify({ ...tokenError, message: tokenError.message })).not.toContain(
			'secret-value-42',
		);
	});

	test('an answer without AccessToken is an error that quotes BES without the secret', async () => {
		const answer = { retCode: '1', retMsg: 'app_secret secret-value-42 is wrong' };
		const error = (await requestBesToken(
			requester(jest.fn().mockResolvedValue(answer)),
			credentials,
		).catch((caught: unknown) => caught)) as BesTokenError;
		expect(error.message).toBe('BES answered the token request without an access token');
		expect(error.description).toContain('app_secret ***** is wrong');
		expect(error.description).not.toContain('secret-value-42');
	});

	test('a refused connection stays retryable; nothing is sent without a Base URL', async () => {
		const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
		const error = (await requestBesToken(
			requester(jest.fn().mockRejectedValue(refused)),
			credentials,
		).catch((caught: unknown) => caught)) as BesTokenError;
		expect(error.besTokenFailure.kind).toBe('refused');
		expect(error.message).toMatch(/^Could not reach BES at service\.besclouds\.com/);

		const httpRequest = jest.fn();
		await expect(
			requestBesToken(requester(httpRequest), { ...credentials, baseUrl: 'besclouds' }),
		).rejects.toThrow('The Base URL of the BES API credential is not a web address');
		expect(httpRequest).not.toHaveBeenCalled();
	});

	test('lifetime and base URL', () => {
		expect([3600, 600, 99999, 1, '', undefined, 'x', 90.7].map(tokenLifetimeSeconds)).toEqual([
			3600, 600, 3600, 60, 3600, 3600, 3600, 90,
		]);
		expect(normalizeBaseUrl(' https://a.b/// ')).toBe('https://a.b');
	});

	test('lifetime of a credential: the current field, or the field of earlier builds while the current one is at its default', () => {
		expect(tokenLifetimeOf({ lifetimeSeconds: 600 })).toBe(600);
		expect(tokenLifetimeOf({ lifetimeSeconds: 600, tokenLifetime: 900 })).toBe(600);
		expect(tokenLifetimeOf({ lifetimeSeconds: 3600, tokenLifetime: 900 })).toBe(900);
		expect(tokenLifetimeOf({ tokenLifetime: 900 })).toBe(900);
		expect(tokenLifetimeOf({ lifetimeSeconds: 3600, tokenLifetime: '' })).toBe(3600);
		expect(tokenLifetimeOf({})).toBe(3600);
	});

	test('found through the NodeApiError n8n wraps it in', () => {
		const tokenError = new BesTokenError('m', 'd', { kind: 'refused' });
		const node = {
			id: '1',
			name: 'BES',
			type: 'bes',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: {},
		};
		expect(findTokenError(new NodeApiError(node, tokenError as unknown as JsonObject))).toBe(
			tokenError,
		);
		expect(findTokenError(new Error('other'))).toBeUndefined();
	});
});

describe('BES answers', () => {
	test('JSON objects only', () => {
		expect(parseBesBody({ retCode: '0' })).toEqual({ retCode: '0' });
		expect(parseBesBody('{"retCode":"0"}')).toEqual({ retCode: '0' });
		expect(parseBesBody('{"retCode":')).toBeUndefined();
		expect(parseBesBody('<html></html>')).toBeUndefined();
		expect(parseBesBody([1])).toBeUndefined();
		expect(parseBesBody(null)).toBeUndefined();
	});
});

describe('paging until total', () => {
	const page = (overrides: Partial<Parameters<typeof hasMorePages>[0]>) =>
		hasMorePages({
			received: 50,
			fresh: 50,
			requested: 100,
			readSoFar: 50,
			total: 150,
			...overrides,
		});

	test('a short page is not the last while fewer than total were read', () => {
		expect(page({})).toBe(true);
		expect(page({ total: '150' })).toBe(true);
		expect(page({ readSoFar: 150 })).toBe(false);
		expect(page({ readSoFar: 200 })).toBe(false);
	});

	test('an empty page, or one that brought nothing new, ends the paging whatever total says', () => {
		expect(page({ received: 0 })).toBe(false);
		expect(page({ fresh: 0 })).toBe(false);
	});

	test('without a readable total, a full page asks for the next and a short one is the last', () => {
		for (const total of [undefined, null, '', 'many', {}]) {
			expect(page({ total, received: 100 })).toBe(true);
			expect(page({ total })).toBe(false);
		}
	});
});

describe('tokenEndpoint: where tokenByAkSk is asked (issue 23, point 12)', () => {
	const PATH = '/apigovernance/api/oauth/tokenByAkSk';
	it.each([
		['empty: the Base URL', {}, `https://service.besclouds.com${PATH}`],
		['blank: the Base URL', { tokenUrl: '  ' }, `https://service.besclouds.com${PATH}`],
		['a host and port', { tokenUrl: 'https://10.10.0.5:28070' }, `https://10.10.0.5:28070${PATH}`],
		['with a slash', { tokenUrl: 'https://10.10.0.5:28070/' }, `https://10.10.0.5:28070${PATH}`],
		[
			'the whole address',
			{ tokenUrl: `https://lb.example:28070${PATH}` },
			`https://lb.example:28070${PATH}`,
		],
		['not a web address', { tokenUrl: 'lb.example:28070' }, undefined],
	])('%s', (_, extra, expected) => {
		expect(tokenEndpoint({ baseUrl: 'https://service.besclouds.com/', ...extra })).toBe(expected);
	});
});
