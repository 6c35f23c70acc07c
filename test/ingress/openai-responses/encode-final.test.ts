import { describe, expect, it } from 'vitest';
import { collectResult } from '../../../functions/core/collect-result.ts';
import type { StreamEvent } from '../../../functions/core/stream-event.ts';
import { encodeFinal, type EncodeOptions } from '../../../functions/ingress/openai-responses/encode-final.ts';
import { flattenTools } from '../../../functions/ingress/openai-responses/flatten-tools.ts';
import { decodeEnvelope } from '../../../functions/ingress/openai-responses/reasoning-envelope.ts';
import type { ResponsesTool } from '../../../functions/ingress/openai-responses/responses-request-schema.ts';

const tools: ResponsesTool[] = [
  { type: 'namespace', name: 'multi_agent_v1', description: '', tools: [{ type: 'function', name: 'spawn_agent', parameters: null, strict: null }] },
  { type: 'custom', name: 'apply_patch' },
];
const options = (fields: Partial<EncodeOptions> = {}): EncodeOptions => ({
  request: { model: 'gemini/gemini-3-pro-preview', input: 'Hi', tools, temperature: 0.5, metadata: { run: '1' }, store: false },
  id: 'resp_final',
  modelName: (model) => `gemini/${model}`,
  origins: flattenTools(tools).origins,
  keepReasoning: false,
  ...fields,
});
const start: StreamEvent = { type: 'start', id: 'g-1', model: 'gemini-3-pro-preview', created: 1_700_000_000 };
const usage: StreamEvent = { type: 'usage', usage: { inputTokens: 29, outputTokens: 60, reasoningTokens: 45 } };

describe('encodeFinal', () => {
  const events: StreamEvent[] = [
    start,
    { type: 'reasoning', choice: 0, delta: 'Thinking it over.' },
    { type: 'text', choice: 0, delta: 'On it.' },
    { type: 'tool-call-start', choice: 0, index: 0, id: 'call_1', name: 'multi_agent_v1__spawn_agent', extra: { google: { thought_signature: 'g-sig' } } },
    { type: 'tool-call-args', choice: 0, index: 0, delta: '{"message":"go"}' },
    { type: 'tool-call-start', choice: 0, index: 1, id: 'call_2', name: 'apply_patch' },
    { type: 'tool-call-args', choice: 0, index: 1, delta: '{"input":"*** Begin Patch"}' },
    { type: 'finish', choice: 0, reason: { unified: 'tool_calls', raw: 'STOP' } },
    usage,
  ];

  it('reasoning, message and tool calls as OpenAI orders them, under the client’s names, with Responses usage and the request echoed', () => {
    const response = encodeFinal(collectResult(events), options());
    expect(response).toMatchObject({
      id: 'resp_final',
      object: 'response',
      created_at: 1_700_000_000,
      status: 'completed',
      error: null,
      incomplete_details: null,
      model: 'gemini/gemini-3-pro-preview',
      output: [
        { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking it over.' }] },
        { type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'On it.', annotations: [] }] },
        { type: 'function_call', call_id: 'call_1', name: 'spawn_agent', namespace: 'multi_agent_v1', arguments: '{"message":"go"}', status: 'completed' },
        { type: 'custom_tool_call', call_id: 'call_2', name: 'apply_patch', input: '*** Begin Patch', status: 'completed' },
      ],
      usage: { input_tokens: 29, input_tokens_details: { cached_tokens: 0 }, output_tokens: 60, output_tokens_details: { reasoning_tokens: 45 }, total_tokens: 89 },
      temperature: 0.5,
      top_p: 1,
      metadata: { run: '1' },
      store: false,
      tools,
      parallel_tool_calls: true,
      tool_choice: 'auto',
    });
    expect(response.output[0]).not.toHaveProperty('encrypted_content');
    expect(response.output.map((item) => item.id)).toEqual([expect.stringMatching(/^rs_/), expect.stringMatching(/^msg_/), expect.stringMatching(/^fc_/), expect.stringMatching(/^ctc_/)]);
  });

  it('when the client keeps reasoning, the envelope holds the reasoning and the calls’ signatures', () => {
    const [reasoning] = encodeFinal(collectResult(events), options({ keepReasoning: true })).output;
    expect(reasoning?.type).toBe('reasoning');
    const envelope = decodeEnvelope(reasoning?.type === 'reasoning' ? reasoning.encrypted_content! : '', 'x');
    expect(envelope).toEqual({ blocks: [{ type: 'reasoning', text: 'Thinking it over.' }], toolCalls: { call_1: { issuer: 'gemini', value: 'g-sig' } } });
  });

  it('a refusal is a refusal part; an answer cut short is incomplete with its reason', () => {
    const response = encodeFinal(
      collectResult([start, { type: 'refusal', choice: 0, delta: 'I can’t.' }, { type: 'finish', choice: 0, reason: { unified: 'content_filter', raw: 'SAFETY' } }]),
      options(),
    );
    expect(response).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'content_filter' },
      output: [{ type: 'message', status: 'incomplete', content: [{ type: 'refusal', refusal: 'I can’t.' }] }],
      usage: null,
    });
  });
});
