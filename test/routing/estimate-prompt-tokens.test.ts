import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { beforeAll, describe, expect, it } from 'vitest';
import { chatRequestSchema } from '../../functions/ingress/openai-chat/chat-request-schema.ts';
import type { Call } from '../../functions/core/call.ts';
import { profileCall } from '../../functions/routing/call-profile.ts';
import {
  estimateOutputTokens,
  estimatePromptTokens,
  IMAGE_TOKENS_HIGH_DETAIL,
  IMAGE_TOKENS_LOW_DETAIL,
  inProviderTokens,
  REPLY_PRIMING_TOKENS,
  TOKENS_PER_MESSAGE,
  TOKENS_PER_TOOL,
  TOOLS_LIST_TOKENS,
} from '../../functions/routing/estimate-prompt-tokens.ts';
import { loadExactTokenCounter } from '../../functions/routing/exact-token-counter.ts';
import { tokenizerFamily } from '../../functions/routing/tokenizer-factor.ts';
import { callOf } from './routing-fixtures.ts';
import { sampleProse } from './sample-text.ts';

const request = (fields: Record<string, unknown>): Call =>
  callOf(chatRequestSchema().parse({ model: 'switchyard/auto', messages: [{ role: 'user', content: 'Hi' }], ...fields }));
/** What the output estimate reads of a chat body with these fields. */
const answer = (fields: Record<string, unknown>) => profileCall(request(fields)).answer;

const tokens = (text: string) => countTokens(text);
const overhead = (messages: number) => messages * TOKENS_PER_MESSAGE + REPLY_PRIMING_TOKENS;

// The exact counts; before the counter is loaded, exact-token-counter.test.ts.
beforeAll(async () => {
  expect(await loadExactTokenCounter()).toBe(true);
});

describe('estimatePromptTokens', () => {
  it('counts message text with o200k plus OpenAI’s per-message and reply overhead', () => {
    const estimate = estimatePromptTokens(
      request({
        messages: [
          { role: 'system', content: 'You are a terse assistant.' },
          { role: 'user', content: [{ type: 'text', text: 'What is 2 + 2?' }, { type: 'text', text: ' Answer briefly.' }] },
        ],
      }),
    );
    const text = tokens('You are a terse assistant.') + tokens('What is 2 + 2?') + tokens(' Answer briefly.');
    expect(estimate.total).toBe(text + overhead(2));
    expect(estimate).toMatchObject({ imageTokens: 0, images: 0, unestimatedParts: 0, extrapolated: false });
  });

  it('a name costs one token more than its own', () => {
    const without = estimatePromptTokens(request({ messages: [{ role: 'user', content: 'Hello' }] })).total;
    const withName = estimatePromptTokens(request({ messages: [{ role: 'user', content: 'Hello', name: 'alice' }] })).total;
    expect(withName - without).toBe(1 + tokens('alice'));
  });

  it('tool definitions: name, description and JSON schema, plus per-tool and list overhead', () => {
    const parameters = { type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'] };
    const base = estimatePromptTokens(request({})).total;
    const withTool = estimatePromptTokens(
      request({ tools: [{ type: 'function', function: { name: 'get_weather', description: 'Current weather', parameters } }] }),
    ).total;
    expect(withTool - base).toBe(
      TOOLS_LIST_TOKENS + TOKENS_PER_TOOL + tokens('get_weather') + tokens('Current weather') + tokens(JSON.stringify(parameters)),
    );
  });

  it('counts tool calls’ arguments and tool results', () => {
    const args = JSON.stringify({ city: 'Paris', units: 'metric', days: 3 });
    const estimate = estimatePromptTokens(
      request({
        messages: [
          { role: 'user', content: 'Weather?' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: args } }] },
          { role: 'tool', tool_call_id: 'c1', content: 'Sunny, 21 C' },
        ],
      }),
    );
    const short = estimatePromptTokens(request({ messages: [{ role: 'user', content: 'Weather?' }] }));
    expect(estimate.total - short.total).toBeGreaterThanOrEqual(tokens(args) + tokens('Sunny, 21 C') + 2 * TOKENS_PER_MESSAGE);
  });

  it('images at a flat figure by detail; audio and files reported as unestimated', () => {
    const estimate = estimatePromptTokens(
      request({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
              { type: 'image_url', image_url: { url: 'https://example.com/b.png' } },
              { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
              { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=' } },
            ],
          },
        ],
      }),
    );
    expect(estimate.images).toBe(2);
    expect(estimate.imageTokens).toBe(IMAGE_TOKENS_LOW_DETAIL + IMAGE_TOKENS_HIGH_DETAIL);
    expect(estimate.unestimatedParts).toBe(2);
    expect(estimate.total).toBe(estimate.textTokens + estimate.imageTokens);
  });

  it('special-token text is counted as text, not refused', () => {
    const estimate = estimatePromptTokens(request({ messages: [{ role: 'user', content: 'say <|endoftext|> now' }] }));
    expect(estimate.total).toBeGreaterThan(overhead(1));
  });

  it('past the exact budget, extrapolates within a few percent of the exact count', () => {
    const prose = sampleProse(400_000, 7);
    const exact = tokens(prose);
    const estimate = estimatePromptTokens(request({ messages: [{ role: 'user', content: prose }] }), { exactCharBudget: 20_000 });
    expect(estimate.extrapolated).toBe(true);
    expect(Math.abs(estimate.total - exact) / exact).toBeLessThan(0.03);
  });

  it('many small messages past the budget use the ratio measured on the earlier ones', () => {
    const messages = Array.from({ length: 200 }, (_, i) => ({ role: 'user', content: sampleProse(2_000, i + 1) }));
    const exact = messages.reduce((sum, message) => sum + tokens(message.content), 0) + overhead(200);
    const estimate = estimatePromptTokens(request({ messages }), { exactCharBudget: 50_000 });
    expect(estimate.extrapolated).toBe(true);
    expect(Math.abs(estimate.total - exact) / exact).toBeLessThan(0.03);
  });
});

describe('inProviderTokens', () => {
  it('scales text by the tokenizer factor, not images', () => {
    const estimate = estimatePromptTokens(
      request({ messages: [{ role: 'user', content: [{ type: 'text', text: sampleProse(4_000) }, { type: 'image_url', image_url: { url: 'https://x.test/a.png' } }] }] }),
    );
    expect(inProviderTokens(estimate, 'openai', 'gpt-4.1')).toBe(estimate.total);
    expect(inProviderTokens(estimate, 'anthropic', 'claude-sonnet-4-5')).toBe(Math.ceil(estimate.textTokens * 1.2) + estimate.imageTokens);
  });

  it.each([
    ['openai', 'gpt-5-mini', 'openai'],
    ['groq', 'openai/gpt-oss-120b', 'openai'],
    ['anthropic', 'claude-sonnet-4-5-20250929', 'claude'],
    ['anthropic', 'claude-3-5-haiku-latest', 'claude'],
    ['anthropic', 'claude-opus-4-20250514', 'claude'],
    ['anthropic', 'claude-opus-4-7', 'claudeNew'],
    ['bedrock', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude'],
    ['gemini', 'gemini-2.5-flash', 'gemini'],
    ['deepseek', 'deepseek-chat', 'other'],
  ])('%s/%s is in the %s tokenizer family', (provider, model, family) => {
    expect(tokenizerFamily(provider, model)).toBe(family);
  });
});

describe('estimateOutputTokens', () => {
  it('a typical answer when no limit is set, capped by the limit', () => {
    expect(estimateOutputTokens(answer({}))).toBe(400);
    expect(estimateOutputTokens(answer({ max_tokens: 100 }))).toBe(100);
    expect(estimateOutputTokens(answer({ max_tokens: 5_000 }))).toBe(400);
    expect(estimateOutputTokens(answer({ max_completion_tokens: 50, max_tokens: 300 }))).toBe(50);
    expect(estimateOutputTokens(answer({}), { typicalAnswerTokens: 900 })).toBe(900);
  });

  it('once per choice', () => {
    expect(estimateOutputTokens(answer({ n: 3, max_tokens: 100 }))).toBe(300);
  });

  it('a reasoning model adds the expected reasoning for the effort, still within the limit', () => {
    expect(estimateOutputTokens(answer({ reasoning_effort: 'high' }), { reasoning: true })).toBe(400 + 8_000);
    expect(estimateOutputTokens(answer({}), { reasoning: true })).toBe(400 + 3_000);
    expect(estimateOutputTokens(answer({ reasoning_effort: 'high', max_completion_tokens: 2_000 }), { reasoning: true })).toBe(2_000);
    expect(estimateOutputTokens(answer({ reasoning_effort: 'high' }))).toBe(400);
  });
});
