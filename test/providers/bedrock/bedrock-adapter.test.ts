/**
 * The Bedrock translators on Converse bodies and ConverseStream events shaped as the Amazon
 * Bedrock API reference documents them, and the event-stream decoder on real binary frames.
 */
import { describe, expect, it } from 'vitest';
import { chatRequestSchema } from '../../../functions/ingress/openai-chat/chat-request-schema.ts';
import { createBedrockAdapter } from '../../../functions/providers/bedrock/bedrock-adapter.ts';
import { claudeModelName } from '../../../functions/providers/bedrock/bedrock-model-id.ts';
import { parseBedrockErrorBody } from '../../../functions/providers/bedrock/parse-bedrock-error.ts';
import { createAwsEventStreamFramer } from '../../../functions/providers/upstream/decode-aws-event-stream.ts';
import { eventFrame, exceptionFrame } from '../../support/fake-bedrock.ts';
import { callFromChat } from '../../support/call-from-chat.ts';

const adapter = createBedrockAdapter({ credentials: async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }) });
const context = { model: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', now: 1_760_000_000 };
const build = (request: Record<string, unknown>, model = context.model, stream = false) =>
  adapter.buildRequest(callFromChat(chatRequestSchema().parse({ model: `bedrock/${model}`, ...request })), {
    model,
    apiKey: '',
    baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com',
    stream,
    maxOutputTokens: 64000,
  });

describe('the Converse request', () => {
  it('turns tool calls and results into toolUse and toolResult blocks in alternating turns', () => {
    const built = build({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
        { role: 'assistant', content: null, tool_calls: [{ id: 'tooluse_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }] },
        { role: 'tool', tool_call_id: 'tooluse_1', content: 'a cat' },
        { role: 'user', content: 'thanks' },
      ],
      tools: [{ type: 'function', function: { name: 'lookup', description: 'Looks up', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
      stop: 'END',
      seed: 7,
    });
    expect(built.url).toBe('https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-haiku-4-5-20251001-v1%3A0/converse');
    expect(JSON.parse(built.body)).toEqual({
      messages: [
        { role: 'user', content: [{ text: 'What is this?' }, { image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } }] },
        { role: 'assistant', content: [{ toolUse: { toolUseId: 'tooluse_1', name: 'lookup', input: { q: 'x' } } }] },
        { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_1', content: [{ text: 'a cat' }] } }, { text: 'thanks' }] },
      ],
      inferenceConfig: { maxTokens: 64000, stopSequences: ['END'] },
      toolConfig: {
        tools: [{ toolSpec: { name: 'lookup', description: 'Looks up', inputSchema: { json: { type: 'object', properties: { q: { type: 'string' } } } } } }],
        toolChoice: { tool: { name: 'lookup' } },
      },
      // Which stop sequence matched, from Claude's own response.
      additionalModelResponseFieldPaths: ['/stop_sequence'],
    });
  });

  it("asks for Claude's stop_sequence only with stop sequences, and only of Claude", () => {
    expect(JSON.parse(build({ messages: [{ role: 'user', content: 'Hi' }] }).body)).not.toHaveProperty('additionalModelResponseFieldPaths');
    const llama = JSON.parse(build({ messages: [{ role: 'user', content: 'Hi' }], stop: ['END'] }, 'us.meta.llama3-3-70b-instruct-v1:0').body);
    expect(llama.inferenceConfig.stopSequences).toEqual(['END']);
    expect(llama).not.toHaveProperty('additionalModelResponseFieldPaths');
  });

  it("sends Claude's thinking in additionalModelRequestFields, without temperature", () => {
    const body = JSON.parse(build({ messages: [{ role: 'user', content: 'Think' }], reasoning_effort: 'medium', temperature: 0.2 }).body);
    expect(body.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 4096 } });
    expect(body.inferenceConfig).toEqual({ maxTokens: 64000 });
  });

  it('rejects what Bedrock cannot do with a 400 naming the parameter', () => {
    expect(() => build({ messages: [{ role: 'user', content: 'Hi' }], n: 2 })).toThrow(expect.objectContaining({ status: 400, param: 'n' }));
    expect(() => build({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }] }] })).toThrow(
      expect.objectContaining({ status: 400, param: 'messages[0].content[0]' }),
    );
    expect(() => build({ messages: [{ role: 'user', content: 'Hi' }], reasoning_effort: 'high' }, 'us.meta.llama3-3-70b-instruct-v1:0')).toThrow(
      expect.objectContaining({ status: 400, param: 'reasoning_effort' }),
    );
  });

  it('reads the Claude model name from profile ids and ARNs, and nothing from other models', () => {
    expect(claudeModelName('global.anthropic.claude-sonnet-4-5-20250929-v1:0')).toBe('claude-sonnet-4-5-20250929');
    expect(claudeModelName('arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0')).toBe('claude-haiku-4-5-20251001');
    expect(claudeModelName('us.deepseek.r1-v1:0')).toBeUndefined();
  });
});

describe('authorize', () => {
  const request = { url: 'https://bedrock-runtime.us-east-1.amazonaws.com/model/x%3A0/converse', headers: { 'content-type': 'application/json' }, body: '{}' };

  it('signs with SigV4 for service bedrock in the configured region', async () => {
    const signed = await adapter.authorize!(request, { apiKey: undefined, region: 'eu-central-1' });
    expect(signed.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-central-1\/bedrock\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, Signature=[0-9a-f]{64}$/);
    expect(signed.headers.host).toBeUndefined();
  });

  it('sends a Bedrock API key as a bearer token instead', async () => {
    const signed = await adapter.authorize!(request, { apiKey: 'bedrock-api-key-abc', region: 'us-east-1' });
    expect(signed.headers.authorization).toBe('Bearer bedrock-api-key-abc');
  });
});

describe('the Converse response', () => {
  it("becomes text, reasoning with Claude's signature, a tool call, the finish reason and usage with cache tokens counted as input", () => {
    const events = adapter.parseChatResponse(
      {
        output: {
          message: {
            role: 'assistant',
            content: [
              { reasoningContent: { reasoningText: { text: 'The user wants weather.', signature: 'sig' } } },
              { text: 'Checking.' },
              { toolUse: { toolUseId: 'tooluse_abc', name: 'weather', input: { city: 'Paris' } } },
            ],
          },
        },
        stopReason: 'tool_use',
        usage: { inputTokens: 10, outputTokens: 30, totalTokens: 1040, cacheReadInputTokens: 900, cacheWriteInputTokens: 100 },
        metrics: { latencyMs: 800 },
      },
      context,
    );
    expect(events.slice(1)).toEqual([
      { type: 'reasoning', choice: 0, delta: 'The user wants weather.' },
      { type: 'reasoning-signature', choice: 0, signature: { issuer: 'claude', value: 'sig' } },
      { type: 'text', choice: 0, delta: 'Checking.' },
      { type: 'tool-call-start', choice: 0, index: 0, id: 'tooluse_abc', name: 'weather' },
      { type: 'tool-call-args', choice: 0, index: 0, delta: '{"city":"Paris"}' },
      { type: 'finish', choice: 0, reason: { unified: 'tool_calls', raw: 'tool_use' } },
      { type: 'usage', usage: { inputTokens: 1010, outputTokens: 30, cachedInputTokens: 900, cacheWriteInputTokens: 100 } },
    ]);
    expect(events[0]).toMatchObject({ type: 'start', model: context.model, created: context.now });
  });

  it.each([
    ['guardrail_intervened', 'content_filter'],
    ['content_filtered', 'content_filter'],
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['stop_sequence', 'stop'],
  ])('maps stopReason %s to %s', (stopReason, unified) => {
    const events = adapter.parseChatResponse({ output: { message: { role: 'assistant', content: [] } }, stopReason, usage: {} }, context);
    expect(events).toContainEqual({ type: 'finish', choice: 0, reason: { unified, raw: stopReason } });
  });

  it("says which stop sequence matched where Claude's own fields do; not when they say null", () => {
    const finishOf = (stopSequence: string | null) =>
      adapter
        .parseChatResponse({ output: { message: { role: 'assistant', content: [] } }, stopReason: 'stop_sequence', additionalModelResponseFields: { stop_sequence: stopSequence }, usage: {} }, context)
        .find((event) => event.type === 'finish');
    expect(finishOf('END')).toEqual({ type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'stop_sequence', stopSequence: 'END' } });
    expect(finishOf(null)).toEqual({ type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'stop_sequence' } });
  });
});

describe('the ConverseStream translator', () => {
  const decode = (frames: Uint8Array[]) => {
    const framer = createAwsEventStreamFramer('bedrock');
    return frames.flatMap((frame) => framer.feed(frame));
  };

  it('decodes frames split at any byte into {event, data} messages', () => {
    const bytes = new Uint8Array(Buffer.concat([eventFrame('messageStart', { role: 'assistant' }), eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi' } })]));
    const pieces = [bytes.subarray(0, 3), bytes.subarray(3, 50), bytes.subarray(50)];
    const messages = decode(pieces);
    expect(messages.map((m) => m.event)).toEqual(['messageStart', 'contentBlockDelta']);
    expect(JSON.parse(messages[1]!.data)).toMatchObject({ delta: { text: 'Hi' } });
  });

  it('refuses a corrupt frame', () => {
    const frame = eventFrame('messageStart', { role: 'assistant' }).slice();
    frame[frame.length - 5] = frame[frame.length - 5]! ^ 0xff;
    expect(() => decode([frame])).toThrow(expect.objectContaining({ status: 502, code: 'upstream_bad_response' }));
  });

  it("streams reasoning and Claude's signature, finishes at messageStop and reports usage from metadata", () => {
    const translator = adapter.createStreamTranslator(context);
    const events = decode([
      eventFrame('messageStart', { role: 'assistant' }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: 'Hmm.' } } }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { signature: 'EqQB' } } }),
      eventFrame('contentBlockStop', { contentBlockIndex: 0 }),
      eventFrame('contentBlockStart', { contentBlockIndex: 1, start: { toolUse: { toolUseId: 'tooluse_1', name: 'now' } } }),
      eventFrame('contentBlockStop', { contentBlockIndex: 1 }),
      eventFrame('messageStop', { stopReason: 'tool_use' }),
      eventFrame('metadata', { usage: { inputTokens: 5, outputTokens: 9, totalTokens: 14 }, metrics: { latencyMs: 300 } }),
    ]).flatMap((message) => translator.push(message));
    expect(events.slice(1)).toEqual([
      { type: 'reasoning', choice: 0, delta: 'Hmm.' },
      { type: 'reasoning-signature', choice: 0, signature: { issuer: 'claude', value: 'EqQB' } },
      { type: 'tool-call-start', choice: 0, index: 0, id: 'tooluse_1', name: 'now' },
      { type: 'tool-call-args', choice: 0, index: 0, delta: '{}' },
      { type: 'finish', choice: 0, reason: { unified: 'tool_calls', raw: 'tool_use' } },
      { type: 'usage', usage: { inputTokens: 5, outputTokens: 9 } },
    ]);
    expect(translator.end()).toEqual([]);
  });

  it('carries the stop sequence messageStop names among the model fields', () => {
    const translator = adapter.createStreamTranslator(context);
    const events = decode([
      eventFrame('messageStart', { role: 'assistant' }),
      eventFrame('messageStop', { stopReason: 'stop_sequence', additionalModelResponseFields: { stop_sequence: 'END' } }),
    ]).flatMap((message) => translator.push(message));
    expect(events.at(-1)).toEqual({ type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'stop_sequence', stopSequence: 'END' } });
  });

  it('ends with an error on a throttling exception, and when the stream stops before messageStop', () => {
    const throttled = adapter.createStreamTranslator(context);
    const [error] = decode([exceptionFrame('throttlingException', 'Too many requests, please wait before trying again.')]).flatMap((m) => throttled.push(m));
    expect(error).toMatchObject({ type: 'error', error: { status: 429, code: 'throttlingException' } });

    const cut = adapter.createStreamTranslator(context);
    decode([eventFrame('messageStart', { role: 'assistant' })]).forEach((m) => cut.push(m));
    expect(cut.end()).toEqual([{ type: 'error', error: expect.objectContaining({ code: 'upstream_stream_incomplete' }) }]);
  });
});

describe('error bodies', () => {
  it('take the type from x-amzn-errortype and the message from the body', () => {
    expect(
      parseBedrockErrorBody('{"message":"Too many requests, please wait before trying again."}', {
        'x-amzn-errortype': 'ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/',
      }),
    ).toEqual({ type: 'ThrottlingException', message: 'Too many requests, please wait before trying again.' });
  });
});
