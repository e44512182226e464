/**
 * Bad input, table-driven: for every parameter of every operation of both nodes, each
 * invalid value stops the item with a NodeOperationError that names the parameter and
 * the item and says how to fix it, and the simulator sees no request at all (not even a
 * BES token request). Values people really paste (Persian digits, a phone number that
 * an expression returns as a number) are accepted and sent in the provider's form.
 * A coverage check fails when a parameter of a node description has no row here.
 */
const { NodeOperationError } = require('n8n-workflow');
const { startSimulator, DEFAULTS } = require('../../tools/simulator');
const { runNode } = require('../../tools/n8n-context');
const { Bitel } = require('../../nodes/Bitel/Bitel.node');
const { BitelApi } = require('../../credentials/BitelApi.credentials');
const { Bes } = require('../../nodes/Bes/Bes.node');
const { BesApi } = require('../../credentials/BesApi.credentials');
const {
	sealVerificationToken,
	verificationKey,
} = require('../../nodes/Bitel/helpers/verificationToken');

const VOICE = DEFAULTS.bitel.voiceId;
const BES_VOICE = DEFAULTS.bes.voiceId;
const TEMPLATE = DEFAULTS.bes.templateId;
const persian = (text) => text.replace(/\d/g, (digit) => '۰۱۲۳۴۵۶۷۸۹'[digit]);
const arabic = (text) => text.replace(/\d/g, (digit) => '٠١٢٣٤٥٦٧٨٩'[digit]);

/** Values every text parameter must refuse, whatever it holds. */
const NOT_TEXT = [
	['an object from an expression', { phone: '09121234567' }],
	['a list from an expression', ['09121234567', '09351234567']],
	['a yes/no value from an expression', true],
];
const EMPTY = [
	['empty', ''],
	['whitespace only', ' \t \n '],
	['null from an expression', null],
];
/** Values every number option must refuse. */
const NOT_A_NUMBER = [
	['whitespace only', '   '],
	['letters', 'three'],
	['an object', { value: 3 }],
	['a list', [3]],
	['a yes/no value', true],
];
/** Values every yes/no option must refuse. */
const NOT_BOOLEAN = [
	['a word', 'yes'],
	['a number', 1],
	['an object', { on: true }],
];

const bitelBase = {
	otp: { operation: 'otp', phoneNumber: '09121234567', code: '1234' },
	single: { operation: 'single', phoneNumber: '09121234567', voiceId: VOICE },
	singleTts: { operation: 'singleTts', phoneNumber: '09121234567', text: 'Hello' },
	batch: { operation: 'batch', phoneNumbers: '09121234567', voiceId: VOICE },
	batchTts: { operation: 'batchTts', phoneNumbers: '09121234567', text: 'Hello' },
	status: { operation: 'status', callId: 'ffffffffffffffffffffffffffffffff' },
};
const smsBase = {
	sendOtp: {
		resource: 'sms',
		operation: 'sendOtp',
		phoneNumber: '09121234567',
		appName: 'A',
		code: '1234',
	},
	sendTemplate: {
		resource: 'sms',
		operation: 'sendTemplate',
		phoneNumber: '09121234567',
		templateId: '5',
	},
	send: { resource: 'sms', operation: 'send', phoneNumber: '09121234567', message: 'Hi' },
	sendBatch: {
		resource: 'sms',
		operation: 'sendBatch',
		phoneNumbers: '09121234567',
		message: 'Hi',
	},
	sendP2p: { resource: 'sms', operation: 'sendP2p', phoneNumber: '09121234567', message: 'Hi' },
	status: { resource: 'sms', operation: 'status', smsId: 'ffffffffffffffffffffffffffffffff' },
};
const KEY = verificationKey(DEFAULTS.bitel.token);
const claims = (expiresAt) => ({
	verificationId: 'a'.repeat(32),
	phoneNumber: '09121234561',
	code: '12345',
	issuedAt: Date.now() - 1000,
	expiresAt,
});
const OPEN_TOKEN = sealVerificationToken(claims(Date.now() + 3_600_000), KEY);
const EXPIRED_TOKEN = sealVerificationToken(claims(Date.now() - 1), KEY);
const verificationBase = {
	send: { resource: 'verification', operation: 'send', phoneNumber: '09121234561', appName: 'A' },
	resend: {
		resource: 'verification',
		operation: 'resend',
		token: OPEN_TOKEN,
		channel: 'sms',
		appName: 'A',
	},
	check: { resource: 'verification', operation: 'check', token: OPEN_TOKEN, code: '12345' },
};
const besBase = {
	create: {
		resource: 'voiceNotification',
		operation: 'create',
		called: '88880000',
		playList: { entry: [{ source: 'voiceId', value: BES_VOICE }] },
	},
	getRecords: {
		resource: 'voiceNotification',
		operation: 'getRecords',
		startTime: '2025-03-01T00:00:00Z',
		endTime: '2025-03-02T00:00:00Z',
	},
};

const phoneNumberRows = [
	...EMPTY,
	...NOT_TEXT,
	['too long', '0912123456789012345678901234567890'],
	['a number too short', 12345],
	['letters', 'call me'],
	['a foreign number', '+1 415 555 0100'],
];
const voiceIdRows = [
	...EMPTY,
	...NOT_TEXT,
	['a number from an expression', 12345],
	['too long', 'a'.repeat(33)],
	['not hexadecimal', 'voice-of-the-month-000000000000z'],
	['Persian digits', persian('08815')],
];
const ttsTextRows = [...EMPTY, ...NOT_TEXT];
const retryCountRows = [...NOT_A_NUMBER, ['negative', -1], ['a fraction', 1.5]];
const serverIdRows = [...NOT_TEXT];
const dedupeRows = NOT_BOOLEAN;
const gatewayRows = [...NOT_TEXT, ['letters', '1000abc'], ['too short', '12']];
const phoneNumbersRows = [
	['empty', ''],
	['whitespace only', '   '],
	['only separators', ' , ;\n'],
	['null from an expression', null],
	['an object from an expression', { phone: '09121234567' }],
	['a yes/no value from an expression', true],
	['an empty list', []],
];

/** Bitel's SMS go to mobiles: a landline is refused before sending (issue 23, point 11). */
const mobileNumberRows = [
	...phoneNumberRows,
	['a landline', '02188776655'],
	['a landline with +98', '+98 21 8877 6655'],
];
const mobileNumbersRows = [
	...phoneNumbersRows,
	['a landline in the list', '09121234567, 021-8877-6655'],
];

/** Wait for Final Status and its two numbers, in Options (version 1) and on their own (1.1). */
const waitingRows = ['options.', ''].flatMap((prefix) => [
	[
		`${prefix}pollInterval`,
		'Poll Interval (Seconds)',
		[...NOT_A_NUMBER, ['0', 0], ['601', 601]],
		prefix ? undefined : { waitForFinal: true },
	],
	[
		`${prefix}timeout`,
		'Timeout (Seconds)',
		[...NOT_A_NUMBER, ['0', 0], ['3601', 3601]],
		prefix ? undefined : { waitForFinal: true },
	],
	[`${prefix}waitForFinal`, 'Wait for Final Status', NOT_BOOLEAN],
]);

/**
 * Each row: [parameter as named in the table, its display name (the start of the error
 * message), where it goes ('options.x', 'playList.x' or the name), invalid rows].
 */
const TABLE = {
	bitel: {
		otp: [
			['phoneNumber', 'Phone Number', phoneNumberRows],
			[
				'code',
				'Code',
				[
					...EMPTY,
					...NOT_TEXT,
					['six digits', '123456'],
					['six Persian digits', persian('123456')],
					['letters', '12a4'],
					['a fraction', 12.5],
				],
			],
			[
				'options.voiceId',
				'Intro Voice ID',
				voiceIdRows.filter(
					([name]) =>
						name !== 'empty' && name !== 'whitespace only' && name !== 'null from an expression',
				),
			],
			['options.repeatCount', 'Repeat Count', [...NOT_A_NUMBER, ['0', 0]]],
			['options.retryCount', 'Retry Count', retryCountRows],
			['options.serverId', 'Server ID', serverIdRows],
			['generateCode', 'Generate Code', NOT_BOOLEAN],
			['codeLength', 'Code Length', [...NOT_A_NUMBER, ['3', 3], ['6', 6]], { generateCode: true }],
		],
		single: [
			['phoneNumber', 'Phone Number', phoneNumberRows],
			['voiceId', 'Voice ID', voiceIdRows],
			['options.retryCount', 'Retry Count', retryCountRows],
			['options.serverId', 'Server ID', serverIdRows],
		],
		singleTts: [
			['phoneNumber', 'Phone Number', phoneNumberRows],
			['text', 'Text', ttsTextRows],
			['options.retryCount', 'Retry Count', retryCountRows],
			['options.serverId', 'Server ID', serverIdRows],
		],
		batch: [
			['phoneNumbers', 'Phone Numbers', phoneNumbersRows],
			['voiceId', 'Voice ID', voiceIdRows],
			['options.dedupe', 'Remove Duplicates', dedupeRows],
			['options.retryCount', 'Retry Count', retryCountRows],
			['options.serverId', 'Server ID', serverIdRows],
		],
		batchTts: [
			['phoneNumbers', 'Phone Numbers', phoneNumbersRows],
			['text', 'Text', ttsTextRows],
			['options.dedupe', 'Remove Duplicates', dedupeRows],
			['options.retryCount', 'Retry Count', retryCountRows],
			['options.serverId', 'Server ID', serverIdRows],
		],
		status: [
			[
				'callId',
				'Call ID',
				[
					...EMPTY,
					...NOT_TEXT,
					['a number from an expression', 12345],
					['too long', 'f'.repeat(129)],
					['a path', '../otp'],
				],
			],
			...waitingRows,
		],
	},
	bitelSms: {
		sendOtp: [
			['phoneNumber', 'Phone Number', mobileNumberRows],
			['appName', 'App Name', [...EMPTY, ...NOT_TEXT]],
			[
				'code',
				'Code',
				[
					...EMPTY,
					...NOT_TEXT,
					['a space', '12 a4'],
					['a sign', '12-a4'],
					['21 characters', 'Ma'.repeat(10) + '1'],
					['a fraction', 12.5],
				],
			],
			['options.generateCode', 'Generate Code', NOT_BOOLEAN],
			[
				'options.codeLength',
				'Code Length',
				[...NOT_A_NUMBER, ['3', 3], ['11', 11]],
				{ generateCode: true },
			],
			['generateCode', 'Generate Code', NOT_BOOLEAN],
			[
				'codeLength',
				'Code Length',
				[...NOT_A_NUMBER, ['3', 3], ['11', 11]],
				{ generateCode: true },
			],
		],
		sendTemplate: [
			['phoneNumber', 'Phone Number', mobileNumberRows],
			['templateId', 'Template ID', [...EMPTY, ['letters', 'abc'], ['a fraction', '1.5']]],
			[
				'templateParams',
				'Template Parameters',
				[
					['an object from an expression', { a: 1 }],
					['a yes/no value from an expression', true],
				],
			],
			['parametersInput', 'Specify Template Parameters', [['an unknown way', 'json']]],
			[
				'templateParameters',
				'Template Parameters (value 2)',
				[['an object in the list', { parameter: [{ value: 'ok' }, { value: { a: 1 } }] }]],
				{ parametersInput: 'list' },
			],
			[
				'templateParameters.value',
				'Template Parameters (value 1)',
				[['a yes/no value', { parameter: [{ value: true }] }]],
				{ parametersInput: 'list' },
			],
		],
		send: [
			['phoneNumber', 'Phone Number', mobileNumberRows],
			['message', 'Message', [...EMPTY, ...NOT_TEXT]],
			['options.gatewayNumber', 'Gateway Number', gatewayRows],
		],
		sendBatch: [
			['phoneNumbers', 'Phone Numbers', mobileNumbersRows],
			['message', 'Message', [...EMPTY, ...NOT_TEXT]],
			['options.dedupe', 'Remove Duplicates', dedupeRows],
			['options.gatewayNumber', 'Gateway Number', gatewayRows],
		],
		sendP2p: [
			['phoneNumber', 'Phone Number', mobileNumberRows],
			['message', 'Message', [...EMPTY, ...NOT_TEXT]],
			['options.gatewayNumber', 'Gateway Number', gatewayRows],
		],
		status: [
			[
				'smsId',
				'SMS ID',
				[...EMPTY, ...NOT_TEXT, ['too long', 'f'.repeat(129)], ['a path', '../otp']],
			],
			...waitingRows,
		],
	},
	bitelVerification: {
		send: [
			['phoneNumber', 'Phone Number', phoneNumberRows],
			['channel', 'Channel', [['an unknown channel', 'fax']]],
			['fallbackToSms', 'Fallback to SMS', NOT_BOOLEAN],
			['fallbackAfter', 'Fallback After (Seconds)', [...NOT_A_NUMBER, ['9', 9], ['601', 601]]],
			['appName', 'App Name', [...EMPTY, ...NOT_TEXT]],
			[
				'options.codeLength',
				'Code Length',
				[...NOT_A_NUMBER, ['3', 3], ['11', 11], ['6 for a call', 6]],
			],
			[
				'options.expiresIn',
				'Expires In (Seconds)',
				[...NOT_A_NUMBER, ['29', 29], ['86401', 86401]],
			],
			['options.includeCode', 'Include Code', NOT_BOOLEAN],
			[
				'options.maxSendsPerHour',
				'Max Sends per Hour',
				[...NOT_A_NUMBER, ['-1', -1], ['101', 101]],
			],
			[
				'options.voiceId',
				'Intro Voice ID',
				voiceIdRows.filter(
					([name]) => !['empty', 'whitespace only', 'null from an expression'].includes(name),
				),
			],
		],
		resend: [
			[
				'token',
				'Token',
				[
					...EMPTY,
					...NOT_TEXT,
					['not a token', 'abc'],
					['expired', EXPIRED_TOKEN],
					[
						'another credential’s',
						sealVerificationToken(claims(Date.now() + 60_000), verificationKey('x')),
					],
				],
			],
			['channel', 'Channel', [['an unknown channel', 'fax']]],
			['appName', 'App Name', [...EMPTY, ...NOT_TEXT]],
			[
				'options.voiceId',
				'Intro Voice ID',
				[['not hexadecimal', 'voice-of-the-month-000000000000z']],
			],
			[
				'options.maxSendsPerHour',
				'Max Sends per Hour',
				[...NOT_A_NUMBER, ['-1', -1], ['101', 101]],
			],
		],
		check: [
			['token', 'Token', [...EMPTY, ...NOT_TEXT]],
			['code', 'Code', [...EMPTY, ...NOT_TEXT]],
			['options.maxAttempts', 'Max Attempts', [...NOT_A_NUMBER, ['0', 0], ['101', 101]]],
			['options.phoneNumber', 'Phone Number', [...NOT_TEXT, ['letters', 'call me']]],
		],
	},
	bes: {
		create: [
			[
				'called',
				'Called Number',
				[...EMPTY, ...NOT_TEXT, ['33 digits', '1'.repeat(33)], ['letters', 'reception']],
			],
			[
				'playList',
				'Play List',
				[
					['no entries', {}],
					['an empty list', []],
					['six entries', { entry: Array(6).fill({ source: 'voiceId', value: BES_VOICE }) }],
					['null from an expression', null],
					['text from an expression', 'play the welcome message'],
				],
			],
			[
				'playList.source',
				'Play List entry 1',
				[
					['an unknown source', { entry: [{ source: 'music', value: BES_VOICE }] }],
					['two sources in BES’s shape', [{ voiceId: BES_VOICE, templateId: TEMPLATE }]],
				],
			],
			[
				'playList.value',
				'Play List entry 1',
				[
					['empty', { entry: [{ source: 'voiceId', value: '' }] }],
					['whitespace only', { entry: [{ source: 'voiceId', value: '   ' }] }],
					['an object', { entry: [{ source: 'voiceId', value: { id: BES_VOICE } }] }],
					['a list', { entry: [{ source: 'templateId', value: [TEMPLATE] }] }],
				],
			],
			[
				'playList.templateParameters',
				'Template Parameters of Play List entry 1',
				[
					['a parameter containing $', tplList(['price', '$5'])],
					['11 parameters', tplList(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'])],
					['an object', tplList([{ name: 'x' }])],
				],
			],
			[
				'playList.templateParams',
				'Template Parameters of Play List entry 1',
				[
					['a parameter containing {', tpl('{name}')],
					['a parameter containing }', tpl(['ok', 'x}'])],
					['a parameter containing $', tpl('price, $5')],
					['11 parameters', tpl('1,2,3,4,5,6,7,8,9,10,11')],
					['33 bytes', tpl(['é'.repeat(16) + 'x'])],
					['an empty value between commas', tpl('a,,b')],
					['an object', tpl({ name: 'x' })],
				],
			],
			[
				'options.callBackUrl',
				'Callback URL',
				[
					...NOT_TEXT,
					[
						'257 characters sent plain',
						`https://example.com/${'a'.repeat(237)}`,
						{ encodeCallBackUrl: false },
					],
					['257 characters encoded', `https://example.com/${'a'.repeat(237)}`],
					['193 characters encoded (257 as Base64)', `https://example.com/${'a'.repeat(173)}`],
					['not http(s)', 'ftp://example.com/cb'],
					['characters BES refuses', 'https://example.com/cb?run=%20'],
					['a number', 12345],
				],
			],
			[
				'options.callerPresent',
				'Caller Number',
				[...NOT_TEXT, ['33 digits', '9'.repeat(33)], ['letters', 'front desk']],
			],
			['options.encodeCallBackUrl', 'Encode Callback URL', NOT_BOOLEAN],
			[
				'options.playTimes',
				'Play Times',
				[...NOT_A_NUMBER, ['0', 0], ['6', 6], ['1.5', 1.5], ['"6" from an expression', '6']],
			],
			['options.priority', 'Priority', [...NOT_A_NUMBER, ['0', 0], ['10', 10], ['"10"', '10']]],
		],
		getRecords: [
			[
				'startTime',
				'Start Time',
				[...EMPTY, ...NOT_TEXT, ['not a date', 'soon'], ['30 February', '2025-02-30T00:00:00']],
			],
			[
				'endTime',
				'End Time',
				[
					...EMPTY,
					...NOT_TEXT,
					['not a date', 'later'],
					['before Start Time', '2025-02-01T00:00:00Z'],
				],
			],
			['returnAll', 'Return All', NOT_BOOLEAN],
			['simplify', 'Simplify', NOT_BOOLEAN],
			['limit', 'Limit', [...NOT_A_NUMBER, ['0', 0], ['-1', -1], ['1.5', 1.5], ['null', null]]],
			[
				'options.callSerialNo',
				'Call Serial Number',
				[
					['an object', { id: '1' }],
					['a yes/no value', true],
					['51 characters', '1'.repeat(51)],
				],
			],
			[
				'options.called',
				'Called Number',
				[
					['an object', { number: '88880000' }],
					['a yes/no value', true],
					['letters', 'reception'],
					['33 digits', '1'.repeat(33)],
				],
			],
		],
	},
};

/** A Play List with one template entry and these Template Parameters. */
function tpl(templateParams) {
	return { entry: [{ source: 'templateId', value: TEMPLATE, templateParams }] };
}

/** The same with the parameters as an "Add Parameter" list (version 1.1). */
function tplList(values) {
	const templateParameters = { parameter: values.map((value) => ({ value })) };
	return { entry: [{ source: 'templateId', value: TEMPLATE, templateParameters }] };
}

/** The base parameters of an operation with `value` put where the row says. */
function withValue(base, where, value, extraOptions) {
	const parameters = JSON.parse(JSON.stringify(base));
	const [head, tail] = where.split('.');
	if (head === 'options') parameters.options = { ...(extraOptions ?? {}), [tail]: value };
	else if (head === 'playList') parameters.playList = value;
	else Object.assign(parameters, extraOptions, { [head]: value });
	return parameters;
}

let sim;
beforeAll(async () => {
	sim = await startSimulator({
		port: 0,
		seed: 3,
		bitel: { finalAfterMs: 100, strictTypes: true },
	});
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	sim.clearLog();
});

/**
 * The node version a parameter belongs to: the `@version` its property (or play list field) is
 * shown for, else 1.
 */
function versionOf(provider, operation, where) {
	const description = provider === 'bes' ? new Bes().description : new Bitel().description;
	const [head, tail] = where.split('.');
	for (const property of description.properties) {
		const show = property.displayOptions?.show ?? {};
		if (property.name !== head || !(show.operation ?? []).includes(operation)) continue;
		if (show['@version']) return show['@version'][0];
		const field = (property.options ?? [])
			.flatMap((group) => group.values ?? [])
			.find((value) => value.name === tail && value.displayOptions?.show?.['@version']);
		if (field) return field.displayOptions.show['@version'][0];
	}
	return 1;
}

function run(provider, parameters, continueOnFail = false, typeVersion = 1) {
	if (provider !== 'bes') {
		return runNode(Bitel, {
			parameters,
			credentials: { bitelApi: { apiToken: DEFAULTS.bitel.token, baseUrl: sim.url } },
			credentialTypes: { bitelApi: new BitelApi() },
			continueOnFail,
			typeVersion,
		});
	}
	return runNode(Bes, {
		typeVersion,
		parameters,
		credentials: {
			besApi: {
				baseUrl: sim.url,
				appKey: DEFAULTS.bes.appKey,
				appSecret: DEFAULTS.bes.appSecret,
				lifetimeSeconds: 3600,
				accessToken: '',
			},
		},
		credentialTypes: { besApi: new BesApi() },
		continueOnFail,
	});
}

const cases = [];
for (const [provider, operations] of Object.entries(TABLE)) {
	const bases = {
		bitel: bitelBase,
		bitelSms: smsBase,
		bitelVerification: verificationBase,
		bes: besBase,
	}[provider];
	for (const [operation, rows] of Object.entries(operations)) {
		for (const [where, displayName, values, rowOptions] of rows) {
			for (const [label, value, valueOptions] of values) {
				const extraOptions = valueOptions ?? rowOptions;
				cases.push([
					`${provider} ${operation} ${where}: ${label}`,
					provider,
					bases[operation],
					where,
					displayName,
					value,
					extraOptions,
					versionOf(provider, operation, where),
				]);
			}
		}
	}
}

describe('every invalid value: a clear error naming the parameter and the item, nothing sent', () => {
	test.each(cases)('%s', async (_, provider, base, where, displayName, value, extra, version) => {
		// A valid item first: it must not be sent either, validation comes before any request.
		const items = [base, withValue(base, where, value, extra)];
		const result = await run(provider, items, false, version);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error.message.startsWith(`${displayName}: `)).toBe(true);
		expect(result.error.message).toMatch(/\[item 1\]$/);
		expect(result.error.message).not.toMatch(/\[object Object\]/);
		expect(result.error.context.itemIndex).toBe(1);
		// The fix, then the promise: at least a sentence before "Nothing was sent".
		expect(result.error.description).toMatch(/^\S.{10,}\. Nothing was sent for this item\.$/s);
		expect(sim.log).toEqual([]);
	});
});

describe('Send Personalized Batch: numbers and messages as lists are refused, whatever their counts', () => {
	test.each([
		[
			'3 numbers and 2 messages',
			['09121234561', '09121234562', '09121234563'],
			['Hi', 'Bye'],
			'Phone Number: a list of 3 numbers and a list of 2 messages',
		],
		[
			'2 numbers and one message',
			['09121234561', '09121234562'],
			'Hi',
			'Phone Number: a list of 2 numbers and one message',
		],
		[
			'one number and 2 messages',
			'09121234561',
			['Hi', 'Bye'],
			'Message: one number and a list of 2 messages',
		],
	])('%s', async (_, phoneNumber, message, problem) => {
		const result = await run('bitelSms', [
			smsBase.sendP2p,
			{ ...smsBase.sendP2p, phoneNumber, message },
		]);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error.message).toBe(`${problem} [item 1]`);
		expect(result.error.description).toMatch(
			/one number and its own message per item.*Split Out.*Nothing was sent for this item\.$/s,
		);
		expect(sim.log).toEqual([]);
	});
});

describe('the table covers every parameter of every operation', () => {
	/** The parameters an operation shows, from the node description (options and play list entries included). */
	function parametersOf(description, operation, resource) {
		const names = new Set();
		for (const property of description.properties) {
			const shown = property.displayOptions?.show?.operation;
			if (!shown || !shown.includes(operation)) continue;
			const resources = property.displayOptions.show.resource;
			if (resource && resources && !resources.includes(resource)) continue;
			// A parameter defined once per version or per choice (Play List's Value) is listed once.
			if (property.type === 'collection') {
				for (const option of property.options) names.add(`${property.name}.${option.name}`);
			} else if (property.type === 'fixedCollection') {
				names.add(property.name);
				for (const group of property.options)
					for (const field of group.values) names.add(`${property.name}.${field.name}`);
			} else names.add(property.name);
		}
		return [...names].sort();
	}

	test.each([
		['bitel', new Bitel().description, 'call'],
		['bitelSms', new Bitel().description, 'sms'],
		['bitelVerification', new Bitel().description, 'verification'],
		['bes', new Bes().description, undefined],
	])('%s', (provider, description, resource) => {
		const operations = description.properties.find(
			(p) =>
				p.name === 'operation' && (!resource || p.displayOptions.show.resource.includes(resource)),
		).options;
		for (const { value: operation } of operations) {
			const covered = (TABLE[provider][operation] ?? []).map(([where]) => where).sort();
			expect({ operation, parameters: covered }).toEqual({
				operation,
				parameters: parametersOf(description, operation, resource),
			});
		}
	});
});

describe('values people really give are accepted and sent in the provider’s form', () => {
	const sent = () => sim.requests({}).filter((entry) => !/tokenByAkSk/.test(entry.path));

	test.each([
		[
			'Persian digits in Phone Number and Code',
			{ ...bitelBase.otp, phoneNumber: persian('0912 123 4567'), code: persian('4821') },
			{ phoneNumber: '09121234567', text: '4821' },
		],
		[
			'Arabic-Indic digits in Phone Number',
			{ ...bitelBase.single, phoneNumber: arabic('09121234567') },
			{ phoneNumber: '09121234567' },
		],
		[
			'a phone number an expression returns as a number',
			{ ...bitelBase.otp, phoneNumber: 9121234567, code: 4821 },
			{ phoneNumber: '09121234567', text: '4821' },
		],
		[
			'Retry Count and Repeat Count as Persian digits',
			{ ...bitelBase.otp, options: { retryCount: persian('2'), repeatCount: persian('3') } },
			{ retryCount: 2, repeatCount: '3' },
		],
		[
			'a Server ID with spaces around it',
			{ ...bitelBase.single, options: { serverId: ' dialer-2 ' } },
			{ serverId: 'dialer-2' },
		],
		[
			'Unicode and very long TTS text, sent exactly',
			{ ...bitelBase.singleTts, text: `سلام 👋 می‌خواهم ${'متن طولانی '.repeat(800)}end` },
			{ text: `سلام 👋 می‌خواهم ${'متن طولانی '.repeat(800)}end` },
		],
	])('Bitel: %s', async (_, parameters, expected) => {
		const result = await run('bitel', parameters);
		expect(result.error).toBeUndefined();
		expect(sent()).toHaveLength(1);
		expect(sent()[0].body).toMatchObject(expected);
	});

	test.each([
		[
			'Arabic-Indic digits in Called Number and Caller Number',
			{ called: arabic('88880000'), options: { callerPresent: persian('960003') } },
			{ called: '88880000', callerPresent: '960003' },
		],
		[
			'a Called Number from an expression as a number',
			{ called: 88880000 },
			{ called: '88880000' },
		],
		[
			'Play Times and Priority as digits from an expression',
			{ options: { playTimes: persian('3'), priority: '5' } },
			{ playTimes: 3, priority: '5' },
		],
		[
			'a callback URL of 192 characters, 256 once encoded',
			{ options: { callBackUrl: `https://example.com/${'a'.repeat(172)}` } },
			{ callBackUrl: expect.stringMatching(/^[A-Za-z0-9+/=]{256}$/) },
		],
		[
			'ten template parameters of 32 bytes',
			{ playList: tpl(Array(10).fill('ب'.repeat(16))) },
			{ playList: [{ templateId: TEMPLATE, templateParams: Array(10).fill('ب'.repeat(16)) }] },
		],
	])('BES: %s', async (_, overrides, expected) => {
		const result = await run('bes', { ...besBase.create, ...overrides });
		expect(result.error).toBeUndefined();
		expect(sent()).toHaveLength(1);
		expect(sent()[0].body).toMatchObject(expected);
	});

	test('more than 100 numbers with duplicates: 2 requests of distinct numbers, one item per number', async () => {
		const distinct = Array.from(
			{ length: 130 },
			(_, i) => `0912${String(3_000_000 + i).padStart(7, '0')}`,
		);
		const list = [...distinct, ...distinct.slice(0, 20)];
		const result = await run('bitel', { ...bitelBase.batch, phoneNumbers: list.join('\n') });
		expect(result.error).toBeUndefined();
		expect(sent().map((entry) => entry.body.phoneNumbers.length)).toEqual([100, 30]);
		expect(new Set(sent().flatMap((entry) => entry.body.phoneNumbers)).size).toBe(130);
		expect(result.items).toHaveLength(150);
		expect(result.items.filter((item) => item.json.duplicate === true)).toHaveLength(20);
		expect(result.items.every((item) => item.pairedItem.item === 0)).toBe(true);
	});

	test('mixed valid and invalid numbers in one batch: with Continue On Fail the valid ones go out and each invalid one is its own error item', async () => {
		const result = await run(
			'bitel',
			[
				{ ...bitelBase.batch, phoneNumbers: ['09121110001', 'nope', persian('09121110002')] },
				{ ...bitelBase.batch, phoneNumbers: '0912, 09121110003, +1 415 555 0100' },
			],
			true,
		);
		expect(result.error).toBeUndefined();
		expect(sent()).toHaveLength(1);
		expect(sent()[0].body.phoneNumbers).toEqual(['09121110001', '09121110002', '09121110003']);
		expect(
			result.items.map((item) => [
				item.pairedItem.item,
				item.json.error ? 'error' : 'call',
				item.json.phoneNumber,
			]),
		).toEqual([
			[0, 'call', '09121110001'],
			[0, 'error', 'nope'],
			[0, 'call', '09121110002'],
			[1, 'error', '0912'],
			[1, 'call', '09121110003'],
			[1, 'error', '+1 415 555 0100'],
		]);
		const errors = result.items.filter((item) => item.json.error);
		for (const item of errors) {
			expect(item.json.error).toMatch(
				/^Phone Numbers: ".+" is not an Iranian phone number \[item [01]\]$/,
			);
			expect(item.json.description).toMatch(/Nothing was sent for this item\.$/);
		}
	});

	test('mixed valid and invalid numbers without Continue On Fail: stops at the first invalid one and sends nothing', async () => {
		const result = await run('bitel', [
			{ ...bitelBase.batch, phoneNumbers: '09121110001, 09121110002' },
			{ ...bitelBase.batch, phoneNumbers: '09121110003, nope' },
		]);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(result.error.message).toBe(
			'Phone Numbers: "nope" is not an Iranian phone number [item 1]',
		);
		expect(sent()).toEqual([]);
	});
});
