/**
 * Claude's reasoning signatures and encrypted reasoning in Converse answers, in the shapes
 * ConverseStream sends them (a `reasoningContent` delta of `text`, then one of `signature`, or one
 * of `redactedContent`) and Converse returns them (`reasoningText` with its `signature`,
 * `redactedContent`), and back into a request.
 */
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../functions/core/stream-event.ts';
import type { Call } from '../../../functions/core/call.ts';
import { collectResult } from '../../../functions/core/collect-result.ts';
import { createBedrockAdapter } from '../../../functions/providers/bedrock/bedrock-adapter.ts';
import { createAwsEventStreamFramer } from '../../../functions/providers/upstream/decode-aws-event-stream.ts';
import { DEFAULT_ROUTING_PREFERENCES } from '../../../functions/routing/routing-preferences.ts';
import { eventFrame } from '../../support/fake-bedrock.ts';

const CLAUDE = 'global.anthropic.claude-sonnet-4-5-20250929-v1:0';
const DEEPSEEK = 'us.deepseek.r1-v1:0';
const SIGNATURE = 'EpYCCkgIChABGAIqQFake0signature0of0the0reasoning0block==';
const REDACTED = Buffer.from('opaque encrypted reasoning').toString('base64');
const adapter = createBedrockAdapter({ credentials: async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }) });
const context = (model: string) => ({ model, now: 1_760_000_000 });

function streamEvents(model: string, frames: Uint8Array[]): StreamEvent[] {
  const framer = createAwsEventStreamFramer('bedrock');
  const translator = adapter.createStreamTranslator(context(model));
  return [...frames.flatMap((frame) => framer.feed(frame)).flatMap((message) => translator.push(message)), ...translator.end()];
}

const signedStream = [
  eventFrame('messageStart', { role: 'assistant' }),
  eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: 'Count the r' } } }),
  eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: "'s: three." } } }),
  eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { text: '' } } }),
  eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { signature: SIGNATURE } } }),
  eventFrame('contentBlockStop', { contentBlockIndex: 0 }),
  eventFrame('contentBlockDelta', { contentBlockIndex: 1, delta: { text: 'There are 3.' } }),
  eventFrame('contentBlockStop', { contentBlockIndex: 1 }),
  eventFrame('messageStop', { stopReason: 'end_turn', additionalModelResponseFields: { delta: { stop_sequence: null } } }),
  eventFrame('metadata', { usage: { inputTokens: 51, outputTokens: 94, totalTokens: 145 }, metrics: { latencyMs: 2281 } }),
];

const redactedStream = [
  eventFrame('messageStart', { role: 'assistant' }),
  eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { redactedContent: REDACTED } } }),
  eventFrame('contentBlockStop', { contentBlockIndex: 0 }),
  eventFrame('contentBlockStart', { contentBlockIndex: 1, start: { toolUse: { toolUseId: 'tooluse_1', name: 'propose' } } }),
  eventFrame('contentBlockDelta', { contentBlockIndex: 1, delta: { toolUse: { input: '{"groups":[]}' } } }),
  eventFrame('contentBlockStop', { contentBlockIndex: 1 }),
  eventFrame('messageStop', { stopReason: 'tool_use' }),
  eventFrame('metadata', { usage: { inputTokens: 67, outputTokens: 70, totalTokens: 137 } }),
];

describe('ConverseStream reasoning', () => {
  it("ends Claude's reasoning block with its signature, issued by Claude", () => {
    const events = streamEvents(CLAUDE, signedStream);
    expect(events.filter((event) => event.type !== 'start' && event.type !== 'usage' && event.type !== 'finish')).toEqual([
      { type: 'reasoning', choice: 0, delta: 'Count the r' },
      { type: 'reasoning', choice: 0, delta: "'s: three." },
      { type: 'reasoning-signature', choice: 0, signature: { issuer: 'claude', value: SIGNATURE } },
      { type: 'text', choice: 0, delta: 'There are 3.' },
    ]);
    expect(collectResult(events).choices[0]!.reasoningBlocks).toEqual([{ type: 'reasoning', text: "Count the r's: three.", signature: { issuer: 'claude', value: SIGNATURE } }]);
  });

  it("passes Claude's encrypted reasoning on whole, as the base64 Converse sent", () => {
    const events = streamEvents(CLAUDE, redactedStream);
    expect(events[1]).toEqual({ type: 'redacted-reasoning', choice: 0, data: REDACTED, issuer: 'claude' });
    expect(events[2]).toMatchObject({ type: 'tool-call-start', id: 'tooluse_1' });
  });

  it("keeps a model's reasoning text but no signature or encrypted reasoning when no issuer the gateway knows made them", () => {
    const signed = streamEvents(DEEPSEEK, signedStream);
    expect(signed.map((event) => event.type)).toEqual(['start', 'reasoning', 'reasoning', 'text', 'finish', 'usage']);
    expect(streamEvents(DEEPSEEK, redactedStream).map((event) => event.type)).not.toContain('redacted-reasoning');
  });
});

describe('Converse reasoning', () => {
  const response = {
    output: {
      message: {
        role: 'assistant',
        content: [
          { reasoningContent: { reasoningText: { text: "Count the r's: three.", signature: SIGNATURE } } },
          { reasoningContent: { redactedContent: REDACTED } },
          { text: 'There are 3.' },
        ],
      },
    },
    stopReason: 'end_turn',
    usage: { inputTokens: 51, outputTokens: 78, totalTokens: 129 },
  };

  it('gives the signed text, its signature and the encrypted block, in order', () => {
    expect(adapter.parseChatResponse(response, context(CLAUDE)).slice(1, 5)).toEqual([
      { type: 'reasoning', choice: 0, delta: "Count the r's: three." },
      { type: 'reasoning-signature', choice: 0, signature: { issuer: 'claude', value: SIGNATURE } },
      { type: 'redacted-reasoning', choice: 0, data: REDACTED, issuer: 'claude' },
      { type: 'text', choice: 0, delta: 'There are 3.' },
    ]);
  });

  it('goes back to Claude in the next request exactly as it came', () => {
    const result = collectResult(adapter.parseChatResponse(response, context(CLAUDE)));
    const choice = result.choices[0]!;
    const next: Call = {
      model: `bedrock/${CLAUDE}`,
      messages: [
        { role: 'user', content: [{ type: 'text', text: "How many r's in strawberry?" }] },
        { role: 'assistant', content: [...choice.reasoningBlocks, { type: 'text', text: choice.text ?? '' }] },
        { role: 'user', content: [{ type: 'text', text: 'Sure?' }] },
      ],
      tools: [],
      output: { format: { type: 'text' }, choices: 1, stop: [], maxTokens: 4096 },
      sampling: {},
      reasoning: { mode: 'enabled', budgetTokens: 1024 },
      cache: { callerPlaced: false },
      stream: false,
      preferences: DEFAULT_ROUTING_PREFERENCES,
      providerOptions: {},
      origin: { dialect: 'anthropic-messages', body: {}, forwardHeaders: {} },
      overrides: {},
    };
    const built = adapter.buildRequest(next, { model: CLAUDE, apiKey: '', baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com', stream: false });
    expect(JSON.parse(built.body).messages[1]).toEqual({ role: 'assistant', content: response.output.message.content });
  });
});
