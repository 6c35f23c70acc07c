/**
 * The Gemini request built from neutral calls as a Messages (Anthropic) door sends them: what a call
 * can say that OpenAI's Chat body cannot. build-gemini-request.test.ts covers the chat-decoded calls.
 */
import { describe, expect, it } from 'vitest';
import type { Call } from '../../../functions/core/call.ts';
import type { ReasoningRequest } from '../../../functions/core/reasoning.ts';
import type { BuildContext } from '../../../functions/providers/provider-adapter.ts';
import { geminiAdapter } from '../../../functions/providers/gemini/gemini-adapter.ts';
import type { GeminiGenerateContentRequest } from '../../../functions/providers/gemini/gemini-api-types.ts';
import { DEFAULT_ROUTING_PREFERENCES } from '../../../functions/routing/routing-preferences.ts';

const baseContext: BuildContext = { model: 'gemini-2.5-flash', apiKey: 'k', baseUrl: 'https://generativelanguage.googleapis.com', stream: false };

const call = (changes: Partial<Call> = {}): Call => ({
  model: 'gemini/gemini-2.5-flash',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  tools: [],
  output: { format: { type: 'text' }, choices: 1, stop: [] },
  sampling: {},
  cache: { callerPlaced: false },
  stream: false,
  preferences: DEFAULT_ROUTING_PREFERENCES,
  providerOptions: {},
  origin: { dialect: 'anthropic-messages', body: {}, forwardHeaders: {} },
  overrides: {},
  ...changes,
});

function build(changes: Partial<Call> = {}, context: Partial<BuildContext> = {}) {
  const upstream = geminiAdapter.buildRequest(call(changes), { ...baseContext, ...context });
  return { ...upstream, json: JSON.parse(upstream.body) as GeminiGenerateContentRequest };
}

describe('Gemini request from a call: generationConfig', () => {
  it('sends topK', () => {
    expect(build({ sampling: { topK: 40, temperature: 0.5 } }).json.generationConfig).toEqual({ topK: 40, temperature: 0.5 });
  });

  it("lowers an output limit above the model's to the model's, and keeps one within it", () => {
    const output = { format: { type: 'text' as const }, choices: 1, stop: [], maxTokens: 32000 };
    expect(build({ output }, { model: 'gemini-2.0-flash', maxOutputTokens: 8192 }).json.generationConfig).toEqual({ maxOutputTokens: 8192 });
    expect(build({ output }, { maxOutputTokens: 65536 }).json.generationConfig).toEqual({ maxOutputTokens: 32000 });
    expect(build({ output }).json.generationConfig).toEqual({ maxOutputTokens: 32000 });
  });
});

describe('Gemini request from a call: thinking', () => {
  const thinking = (reasoning: ReasoningRequest, model = 'gemini-2.5-flash') => build({ reasoning }, { model }).json.generationConfig?.thinkingConfig;

  it('an explicit budget is the thinkingBudget and wins over an effort', () => {
    expect(thinking({ budgetTokens: 4000, effort: 'high' })).toEqual({ thinkingBudget: 4000, includeThoughts: true });
  });

  it("a budget above the model's range is lowered to its maximum: 24576 on 2.5 Flash, 32768 on 2.5 Pro", () => {
    expect(thinking({ mode: 'enabled', budgetTokens: 31999 })).toEqual({ thinkingBudget: 24576, includeThoughts: true });
    expect(thinking({ mode: 'enabled', budgetTokens: 31999 }, 'gemini-2.5-pro')).toEqual({ thinkingBudget: 31999, includeThoughts: true });
    expect(thinking({ mode: 'enabled', budgetTokens: 40000 }, 'gemini-2.5-pro')).toEqual({ thinkingBudget: 32768, includeThoughts: true });
  });

  it('on Gemini 3 a budget folds onto a level: high from 8192 tokens, low below', () => {
    expect(thinking({ budgetTokens: 31999 }, 'gemini-3-pro-preview')).toEqual({ thinkingLevel: 'high', includeThoughts: true });
    expect(thinking({ budgetTokens: 4000 }, 'gemini-3-pro-preview')).toEqual({ thinkingLevel: 'low', includeThoughts: true });
  });

  it('disabled turns thinking off (budget 0), or to the lowest level on Gemini 3, over a budget or an effort', () => {
    expect(thinking({ mode: 'disabled', budgetTokens: 4000, effort: 'high' })).toEqual({ thinkingBudget: 0 });
    expect(thinking({ mode: 'disabled' }, 'gemini-3-pro-preview')).toEqual({ thinkingLevel: 'low' });
  });

  it("adaptive, or enabled without a budget, is Gemini's dynamic thinking (-1; Gemini 3's default level)", () => {
    expect(thinking({ mode: 'adaptive' })).toEqual({ thinkingBudget: -1, includeThoughts: true });
    expect(thinking({ mode: 'enabled' })).toEqual({ thinkingBudget: -1, includeThoughts: true });
    expect(thinking({ mode: 'adaptive' }, 'gemini-3-pro-preview')).toEqual({ includeThoughts: true });
  });

  it('adaptive with an effort follows the effort', () => {
    expect(thinking({ mode: 'adaptive', effort: 'low' })).toEqual({ thinkingBudget: 1024, includeThoughts: true });
    expect(thinking({ mode: 'adaptive', effort: 'high' }, 'gemini-3-pro-preview')).toEqual({ thinkingLevel: 'high', includeThoughts: true });
  });

  it('no reasoning asked, no thinkingConfig', () => {
    expect(build({ reasoning: {} }).json.generationConfig).toBeUndefined();
  });
});
