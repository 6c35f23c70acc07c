/**
 * The OpenAI Agents SDK (`@openai/agents`, in this process) through `npm start`'s gateway to a
 * model that is not OpenAI's: a fake Anthropic first asks for the agent's function tool, then
 * answers with its result. The SDK speaks the Responses API and, sending no `store`, has every turn
 * stored, so the official openai SDK reads it back and `previousResponseId` continues it.
 */
import { Agent, run, setDefaultOpenAIClient, setOpenAIAPI, setTracingDisabled, tool } from '@openai/agents';
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { FakeReply } from '../support/fake-upstream.ts';
import { useGateway } from '../support/use-gateway.ts';

const GATEWAY_KEY = 'sy-agents-test-key';
const under = useGateway((url) => ({ SWITCHYARD_API_KEYS: GATEWAY_KEY, ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: url }));

let client: OpenAI;
beforeAll(() => {
  // Tracing off, or the SDK posts its traces to OpenAI.
  setTracingDisabled(true);
  setOpenAIAPI('responses');
  client = new OpenAI({ baseURL: under.gateway.baseURL, apiKey: GATEWAY_KEY, maxRetries: 0 });
  setDefaultOpenAIClient(client);
});

const cities: string[] = [];
const getWeather = tool({
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: z.object({ city: z.string() }),
  execute: ({ city }) => {
    cities.push(city);
    return `sunny in ${city}`;
  },
});
const agent = new Agent({ name: 'Weather agent', instructions: 'Answer with the weather tool.', model: 'anthropic/claude-haiku-4-5', tools: [getWeather] });

interface SentMessage {
  role: string;
  content: string | Array<{ type: string }>;
}

type ClaudeBlock = { type: 'text'; text: string } | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/** Claude's answer, whole or, when the request asks for a stream, as Anthropic streams it. */
function claude(content: ClaudeBlock[], stopReason: 'tool_use' | 'end_turn', stream: boolean): FakeReply {
  const message = { id: 'msg_agents', type: 'message', role: 'assistant', model: 'claude-haiku-4-5-20251001', stop_reason: stopReason, stop_sequence: null, usage: { input_tokens: 80, output_tokens: 20 } };
  if (!stream) return { json: { ...message, content } };
  const events = [
    { type: 'message_start', message: { ...message, content: [], stop_reason: null, usage: { input_tokens: 80, output_tokens: 1 } } },
    ...content.flatMap((block, index) => [
      { type: 'content_block_start', index, content_block: block.type === 'text' ? { type: 'text', text: '' } : { ...block, input: {} } },
      { type: 'content_block_delta', index, delta: block.type === 'text' ? { type: 'text_delta', text: block.text } : { type: 'input_json_delta', partial_json: JSON.stringify(block.input) } },
      { type: 'content_block_stop', index },
    ]),
    { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: 20 } },
    { type: 'message_stop' },
  ];
  return { chunks: events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`) };
}

/** Claude asks for the weather in `city` under `toolUseId`, and answers `text` once the tool's result is in the last message. */
function claudeCallsThenAnswers(toolUseId: string, city: string, text: string): void {
  under.upstream.reply((request) => {
    const last = (request.json['messages'] as SentMessage[]).at(-1)!;
    const hasResult = typeof last.content !== 'string' && last.content.some((block) => block.type === 'tool_result');
    const stream = request.json['stream'] === true;
    return hasResult ? claude([{ type: 'text', text }], 'end_turn', stream) : claude([{ type: 'tool_use', id: toolUseId, name: 'get_weather', input: { city } }], 'tool_use', stream);
  });
}

const messagesSent = (index: number) => under.upstream.requests[index]!.json['messages'] as SentMessage[];

describe('an Agents SDK agent with a function tool, on Claude through the gateway', () => {
  it('runs the tool Claude asks for and ends with Claude’s answer; the turn is stored', async () => {
    claudeCallsThenAnswers('toolu_agents_1', 'Paris', 'It is sunny in Paris.');
    cities.length = 0;
    const result = await run(agent, 'What is the weather in Paris?');

    expect(cities).toEqual(['Paris']);
    expect(result.finalOutput).toBe('It is sunny in Paris.');
    expect(under.upstream.requests.map((request) => request.url)).toEqual(['/v1/messages', '/v1/messages']);

    const first = under.upstream.requests[0]!.json;
    expect(first).toMatchObject({ model: 'claude-haiku-4-5', system: 'Answer with the weather tool.', messages: [{ role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris?' }] }] });
    // The zod schema as the SDK writes it; `strict` is not sent, as the Anthropic adapter sends it for no door.
    expect(first['tools']).toEqual([
      {
        name: 'get_weather',
        description: 'The weather in a city',
        input_schema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
      },
    ]);
    expect(messagesSent(1).slice(1)).toEqual([
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_agents_1', name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_agents_1', content: 'sunny in Paris' }] },
    ]);

    // The SDK sends no `store`, so each of its two requests was stored; the last is its final answer.
    expect(result.lastResponseId).toMatch(/^resp_/);
    const stored = await client.responses.retrieve(result.lastResponseId!);
    expect(stored).toMatchObject({ id: result.lastResponseId, status: 'completed', model: expect.stringMatching(/^anthropic\/claude-haiku-4-5/), output_text: 'It is sunny in Paris.' });
  });

  it('previousResponseId continues the stored run, its tool round trip chained on the gateway', async () => {
    claudeCallsThenAnswers('toolu_agents_1', 'Paris', 'It is sunny in Paris.');
    const first = await run(agent, 'What is the weather in Paris?');
    under.upstream.requests.length = 0;
    claudeCallsThenAnswers('toolu_agents_2', 'Rome', 'It is sunny in Rome too.');
    cities.length = 0;
    const result = await run(agent, 'And in Rome?', { previousResponseId: first.lastResponseId });

    expect(cities).toEqual(['Rome']);
    expect(result.finalOutput).toBe('It is sunny in Rome too.');
    // Claude gets the whole conversation, which the SDK no longer sends: the gateway's stored turns.
    const earlier = [
      { role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris?' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_agents_1', name: 'get_weather', input: { city: 'Paris' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_agents_1', content: 'sunny in Paris' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'It is sunny in Paris.' }] },
    ];
    expect(messagesSent(0)).toEqual([...earlier, { role: 'user', content: [{ type: 'text', text: 'And in Rome?' }] }]);
    expect(messagesSent(1)).toEqual([
      ...earlier,
      { role: 'user', content: [{ type: 'text', text: 'And in Rome?' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_agents_2', name: 'get_weather', input: { city: 'Rome' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_agents_2', content: 'sunny in Rome' }] },
    ]);
    expect((await client.responses.retrieve(result.lastResponseId!)).previous_response_id).toMatch(/^resp_/);
  });

  it('streamed, the SDK gets the call and the answer from the translated stream’s response.completed', async () => {
    claudeCallsThenAnswers('toolu_agents_3', 'Oslo', 'It is sunny in Oslo.');
    cities.length = 0;
    const result = await run(agent, 'What is the weather in Oslo?', { stream: true });
    await result.completed;

    expect(cities).toEqual(['Oslo']);
    expect(result.finalOutput).toBe('It is sunny in Oslo.');
    expect(under.upstream.requests.map((request) => request.json['stream'])).toEqual([true, true]);
    expect(messagesSent(1).slice(1)).toEqual([
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_agents_3', name: 'get_weather', input: { city: 'Oslo' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_agents_3', content: 'sunny in Oslo' }] },
    ]);
    expect(await client.responses.retrieve(result.lastResponseId!)).toMatchObject({ status: 'completed', output_text: 'It is sunny in Oslo.' });
  });
});
