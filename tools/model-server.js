'use strict';
/**
 * A scripted stand-in for OpenAI's chat-completions API on 127.0.0.1, for n8n's OpenAI Chat Model
 * (its credential's Base URL points here). It plays a model that uses one tool: while the
 * conversation has no tool result, it answers with a call of the offered tool with the arguments
 * the test scripted; once a tool result is there, it answers with a final text that quotes it.
 * Arguments the offered tool's JSON schema does not declare are refused with a 400, so a change
 * to what n8n shows the model fails the test instead of silently passing.
 *
 * Every request is kept (`requests`), so a test can save what the agent sent (the tool schema
 * the model saw) next to its results.
 */
const http = require('node:http');

const MODEL_ID = 'scripted-tool-model';

/** A message's text, whether LangChain sent a string or content parts. */
function textOf(content) {
	if (typeof content === 'string') return content;
	if (Array.isArray(content)) return content.map((p) => (p && p.text) || '').join('');
	return '';
}

/** The final answer: the tool's result quoted whole, so the test can find the ID in it. */
function finalAnswer(toolResult) {
	return `Done. The tool answered: ${toolResult}`;
}

class ScriptedModel {
	constructor() {
		this.requests = [];
		this.script = null;
		this.server = null;
		this.calls = 0;
	}

	get url() {
		return `http://127.0.0.1:${this.server.address().port}`;
	}

	/** The Base URL the OpenAI credential holds (n8n appends /chat/completions, /models). */
	get baseUrl() {
		return `${this.url}/v1`;
	}

	/** The tool call the model makes next: `args` for the one tool offered. */
	scriptToolCall(args) {
		this.script = { args };
		this.requests = [];
	}

	async start() {
		this.server = http.createServer((req, res) => this.handle(req, res));
		await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		return this;
	}

	async close() {
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server.close(resolve));
	}

	handle(req, res) {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			let body;
			try {
				body = raw ? JSON.parse(raw) : undefined;
			} catch {
				body = raw;
			}
			this.requests.push({ method: req.method, path: req.url, body });
			const send = (status, payload) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(payload));
			};
			if (req.method === 'GET' && req.url.replace(/\?.*$/, '') === '/v1/models') {
				send(200, { object: 'list', data: [{ id: MODEL_ID, object: 'model', owned_by: 'test' }] });
				return;
			}
			if (req.method !== 'POST' || req.url.replace(/\?.*$/, '') !== '/v1/chat/completions') {
				send(404, {
					error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' },
				});
				return;
			}
			let message;
			try {
				message = this.reply(body);
			} catch (err) {
				send(400, { error: { message: err.message, type: 'invalid_request_error' } });
				return;
			}
			if (body.stream) this.stream(res, body, message);
			else {
				send(200, {
					id: `chatcmpl-${++this.calls}`,
					object: 'chat.completion',
					created: Math.floor(Date.now() / 1000),
					model: body.model,
					choices: [
						{ index: 0, message, finish_reason: message.tool_calls ? 'tool_calls' : 'stop' },
					],
					usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
				});
			}
		});
	}

	/** The assistant message for this turn of the conversation. */
	reply(body) {
		const messages = (body && body.messages) || [];
		const toolResult = messages.filter((m) => m.role === 'tool').pop();
		if (toolResult) return { role: 'assistant', content: finalAnswer(textOf(toolResult.content)) };
		if (!this.script) throw new Error('the test scripted no tool call');
		const tools = (body.tools || []).filter((t) => t.type === 'function');
		if (tools.length !== 1) {
			throw new Error(
				`expected exactly one tool, got ${tools.map((t) => t.function.name).join(', ') || 'none'}`,
			);
		}
		const fn = tools[0].function;
		const declared = Object.keys((fn.parameters && fn.parameters.properties) || {});
		const undeclared = Object.keys(this.script.args).filter((k) => !declared.includes(k));
		if (undeclared.length) {
			throw new Error(
				`tool ${fn.name} declares ${declared.join(', ')}, not ${undeclared.join(', ')}`,
			);
		}
		return {
			role: 'assistant',
			content: null,
			tool_calls: [
				{
					id: `call_${++this.calls}`,
					type: 'function',
					function: { name: fn.name, arguments: JSON.stringify(this.script.args) },
				},
			],
		};
	}

	/** The same message as server-sent events, for a model node that asks for a stream. */
	stream(res, body, message) {
		res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
		const base = {
			id: `chatcmpl-${++this.calls}`,
			object: 'chat.completion.chunk',
			created: Math.floor(Date.now() / 1000),
			model: body.model,
		};
		const chunk = (delta, finish = null) =>
			res.write(
				`data: ${JSON.stringify({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`,
			);
		if (message.tool_calls) {
			chunk({
				role: 'assistant',
				content: null,
				tool_calls: message.tool_calls.map((c, index) => ({ index, ...c })),
			});
			chunk({}, 'tool_calls');
		} else {
			chunk({ role: 'assistant', content: message.content });
			chunk({}, 'stop');
		}
		res.end('data: [DONE]\n\n');
	}
}

async function startScriptedModel() {
	return await new ScriptedModel().start();
}

module.exports = { startScriptedModel, ScriptedModel, MODEL_ID, finalAnswer };
