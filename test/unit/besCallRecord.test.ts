import { simplifyCallRecord } from '../../nodes/Bes/helpers/callRecord';

describe('Get Call Records: Simplify', () => {
	const raw = {
		callSerialNo: '1308434073450058757123',
		caller: '88880000',
		called: '88883001',
		callerPresent: '88880000',
		startTime: 1733000000000,
		alertingTime: 1733000001000,
		talkingTime: 1733000004000,
		releaseTime: 1733000014000,
		endTime: 1733000014000,
		talkDuration: 10,
		state: 3,
		reasonCode: 0,
		agentId: 'x',
	};

	test('keeps what a workflow branches on, with state and reason in words, and drops the rest', () => {
		expect(simplifyCallRecord(raw)).toEqual({
			callSerialNo: '1308434073450058757123',
			called: '88883001',
			caller: '88880000',
			answered: true,
			ended: true,
			state: 3,
			stateDescription: 'Ended',
			reasonCode: 0,
			reasonDescription: 'The called party hung up',
			talkDuration: 10,
			startTime: 1733000000000,
			talkingTime: 1733000004000,
			endTime: 1733000014000,
			releaseTime: 1733000014000,
		});
	});

	test('times and talkDuration as the page types them (strings) give the same numbers (issue 23, point 14)', () => {
		const asText = Object.fromEntries(
			Object.entries(raw).map(([key, value]) =>
				/Time$|talkDuration/.test(key) ? [key, String(value)] : [key, value],
			),
		);
		expect(simplifyCallRecord(asText)).toEqual(simplifyCallRecord(raw));
		expect(simplifyCallRecord({ startTime: '2022/02/22,10:04:30:418' }).startTime).toBe(
			'2022/02/22,10:04:30:418',
		);
	});

	test('a call nobody picked up, in other casings, with codes as text', () => {
		const simple = simplifyCallRecord({
			CallSerialNo: '77',
			Called: '88883002',
			State: '3',
			ReasonCode: '5',
			TalkDuration: '0',
		});
		expect(simple).toMatchObject({
			callSerialNo: '77',
			called: '88883002',
			answered: false,
			ended: true,
			stateDescription: 'Ended',
			reasonDescription: 'The called party did not answer',
		});
		expect(simple).not.toHaveProperty('caller');
	});

	test('unknown and missing codes are named, not dropped', () => {
		expect(simplifyCallRecord({ state: 7, reasonCode: 42 })).toMatchObject({
			stateDescription: 'Other (state 7)',
			reasonDescription: 'Other (reason code 42)',
			ended: false,
		});
		expect(simplifyCallRecord({})).toMatchObject({
			stateDescription: 'Unknown: BES sent no state',
			reasonDescription: 'Unknown: BES sent no reason code',
		});
	});
});
