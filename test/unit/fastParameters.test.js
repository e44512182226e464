'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const v8 = require('node:v8');

const { ensureNode } = require('../../tools/n8n-runtime');

const { Bes } = require('../../nodes/Bes/Bes.node');
const { Bitel } = require('../../nodes/Bitel/Bitel.node');
const {
	holdsExpression,
	simpleFieldValue,
	simpleJsonPath,
	withFastParameters,
} = require('../../nodes/shared/fastParameters');
const shapes = require('../fixtures/fastParameterShapes');

const { input, evaluatorFor } = require('../fixtures/fastParameterVm');

/** n8n-workflow's own evaluation of a parameter value for one item (the legacy engine). */
const n8nEvaluation = () => evaluatorFor().evaluate;

/**
 * A context whose own getNodeParameter answers from `evaluate` (n8n's evaluation) and counts
 * how often it is asked; withFastParameters wraps it as the Bitel node does.
 */
function contextFor(parameters, evaluate) {
	const asked = [];
	const context = {
		getNode: () => ({ name: 'Bitel', parameters }),
		getInputData: () => input,
		getNodeParameter: (name, itemIndex) => {
			asked.push([name, itemIndex]);
			const answer = evaluate(name, itemIndex);
			if (answer.error !== undefined) throw new Error(answer.error);
			return answer.value;
		},
	};
	return { fast: withFastParameters(context), asked };
}

function answerOf(read) {
	try {
		return { value: read() };
	} catch (error) {
		return { error: String(error.message) };
	}
}

/** Equal as n8n's answer: the same error, or values equal with -0 and 0 told apart. */
function expectSameAnswer(actual, expected, where) {
	expect({ where, ...actual }).toStrictEqual({ where, ...expected });
	if (typeof expected.value === 'number')
		expect(Object.is(actual.value, expected.value)).toBe(true);
}

/** Every parameter value for every item: the fast reader's answer against `answers`. */
function compareAll(answers) {
	let fastAnswers = 0;
	shapes.values.forEach((value, v) => {
		const { fast, asked } = contextFor({ phoneNumbers: value }, (_name, i) => answers[v][i]);
		input.forEach((_item, i) => {
			const actual = answerOf(() => fast.getNodeParameter('phoneNumbers', i));
			expectSameAnswer(actual, answers[v][i], `${JSON.stringify(value)} on item ${i}`);
		});
		fastAnswers += input.length - asked.length;
	});
	return fastAnswers;
}

describe('the $json fast path gives exactly what n8n evaluates', () => {
	test('against n8n-workflow’s Workflow (legacy engine), every value on every item shape', () => {
		const evaluate = n8nEvaluation();
		const answers = shapes.values.map((value) => input.map((_item, i) => evaluate(value, i)));
		const fastAnswers = compareAll(answers);
		// The comparison is about the fast path: most simple-form reads must not reach n8n.
		expect(fastAnswers).toBeGreaterThan(100);
	});

	// n8n 2.41's default engine is an isolate ('vm'); its native module needs n8n's own Node 24,
	// installed here on a fresh machine (once, into the cache the real-n8n suites use).
	test(
		'against the vm (isolate) engine n8n 2.41 runs by default, in Node 24',
		async () => {
			const { nodeBin } = await ensureNode();
			const output = execFileSync(
				nodeBin,
				[path.join(__dirname, '../fixtures/fastParameterVm.js')],
				{
					cwd: path.join(__dirname, '../..'),
					encoding: 'utf8',
					maxBuffer: 64 * 2 ** 20,
				},
			);
			const { engine, answers } = v8.deserialize(Buffer.from(output, 'base64'));
			expect(engine).toBe('vm');
			expect(compareAll(answers)).toBeGreaterThan(100);
		},
		5 * 60_000,
	);

	test('the simple forms and their field paths', () => {
		expect(simpleJsonPath('={{ $json.phone }}')).toEqual(['phone']);
		expect(simpleJsonPath('={{$json[\'a\'].b["c d"]}}')).toEqual(['a', 'b', 'c d']);
		expect(simpleJsonPath('={{ $json.phone.trim() }}')).toBeUndefined();
		expect(simpleJsonPath('={{ $json.constructor }}')).toBeUndefined();
		expect(simpleJsonPath('{{ $json.phone }}')).toBeUndefined();
		expect(simpleFieldValue({ a: { b: '1' } }, ['a', 'b'])).toBe('1');
		expect(simpleFieldValue({ a: { b: -0 } }, ['a', 'b'])).toBeUndefined();
		expect(simpleFieldValue({ a: ['1'] }, ['a', '0'])).toBeUndefined();
		expect(holdsExpression({ a: [{ b: '={{ 1 }}' }] })).toBe(true);
		expect(holdsExpression({ a: [{ b: 'x=1' }] })).toBe(false);
	});
});

describe('a parameter without an expression is read from n8n once', () => {
	const options = { gatewayNumber: '10009909', dedupe: false };

	test('one read for every item, each item its own copy', () => {
		const { fast, asked } = contextFor({ options }, () => ({ value: { ...options } }));
		const first = fast.getNodeParameter('options', 0);
		first.gatewayNumber = 'changed by the first item';
		for (let i = 1; i < input.length; i++)
			expect(fast.getNodeParameter('options', i)).toEqual(options);
		expect(asked).toEqual([['options', 0]]);
	});

	test('an answer n8n refuses is asked again for every item (each item its own error)', () => {
		const { fast, asked } = contextFor({ voiceId: 'bad' }, () => ({ error: 'Invalid' }));
		for (let i = 0; i < 3; i++)
			expect(() => fast.getNodeParameter('voiceId', i)).toThrow('Invalid');
		expect(asked).toHaveLength(3);
	});

	test('an expression anywhere inside is asked for every item', () => {
		const saved = { options: { gatewayNumber: '={{ $json.gateway }}' } };
		const { fast, asked } = contextFor(saved, () => ({ value: { gatewayNumber: '1' } }));
		for (let i = 0; i < 3; i++) fast.getNodeParameter('options', i);
		expect(asked).toHaveLength(3);
	});
});

test('no property of our nodes has validateType (the one per-value change n8n makes after evaluation)', () => {
	const withValidation = [];
	const visit = (properties, where) => {
		for (const property of properties ?? []) {
			if (property.validateType) withValidation.push(`${where}${property.name}`);
			visit(property.options, `${where}${property.name}.`);
			visit(property.values, `${where}${property.name}.`);
		}
	};
	for (const node of [new Bitel(), new Bes()])
		visit(node.description.properties, `${node.description.name}: `);
	expect(withValidation).toEqual([]);
});
