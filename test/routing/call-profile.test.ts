/**
 * The router's profile of calls the chat body cannot express (the Messages door's documents,
 * signed thinking, images in tool results, provider tools): what they cost and need is counted as
 * for their chat counterparts. The chat-body cases are in estimate-prompt-tokens.test.ts,
 * filter-candidates.test.ts and score-complexity.test.ts, through the chat door's decoder.
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Call, CallMessage } from '../../functions/core/call.ts';
import { CallError } from '../../functions/core/call-error.ts';
import type { Tool } from '../../functions/core/tools.ts';
import { profileCall } from '../../functions/routing/call-profile.ts';
import { UNRESTRICTED } from '../../functions/routing/caller.ts';
import { createEngine } from '../../functions/routing/create-engine.ts';
import {
  estimateOutputTokens,
  IMAGE_TOKENS_HIGH_DETAIL,
  REPLY_PRIMING_TOKENS,
  TOKENS_PER_MESSAGE,
  TOKENS_PER_TOOL,
  TOOLS_LIST_TOKENS,
} from '../../functions/routing/estimate-prompt-tokens.ts';
import { loadExactTokenCounter } from '../../functions/routing/exact-token-counter.ts';
import { expectsReasoning } from '../../functions/routing/expects-reasoning.ts';
import { silentLogger } from '../local/local-test-helpers.ts';
import { call, fullConfig, resolver, targetFor } from './routing-fixtures.ts';
import { sampleProse } from './sample-text.ts';

const tokens = (text: string) => countTokens(text);
const QUESTION: CallMessage = { role: 'user', content: [{ type: 'text', text: 'What does it say?' }] };
/** A call as a door other than the chat door decodes it: these messages and tools, the rest plain. */
const neutral = (messages: CallMessage[], fields: Partial<Call> = {}): Call => ({ ...call({ model: 'switchyard/fast' }), messages, ...fields });
const lookup: CallMessage = { role: 'assistant', content: [{ type: 'tool-call', id: 'toolu_1', name: 'screenshot', arguments: '{}' }] };

beforeAll(async () => {
  expect(await loadExactTokenCounter()).toBe(true);
});

describe('profileCall', () => {
  it('reads a plain-text document as its title, context and text, and a PDF as an unestimated part; both need documents', () => {
    const report = sampleProse(2_000, 5);
    const text = profileCall(
      neutral([{ role: 'user', content: [{ type: 'document', source: { kind: 'text', mediaType: 'text/plain', data: report }, title: 'Q3 report', context: 'Internal' }] }, QUESTION]),
    );
    const pdf = profileCall(neutral([{ role: 'user', content: [{ type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' } }] }, QUESTION]));
    const without = profileCall(neutral([{ role: 'user', content: [] }, QUESTION]));
    expect(text.prompt.total - without.prompt.total).toBe(tokens('Q3 report') + tokens('Internal') + tokens(report));
    expect(text.prompt.unestimatedParts).toBe(0);
    expect(pdf.prompt.total).toBe(without.prompt.total);
    expect(pdf.prompt.unestimatedParts).toBe(1);
    expect(text.needs.capabilities).toEqual(new Set(['pdf']));
    expect(pdf.needs.capabilities).toEqual(new Set(['pdf']));
  });

  it("counts Claude's signed thinking, sent back to Claude, and not reasoning no family sends back", () => {
    const thinking = 'The user wants the weather; I should call the tool with the city they named.';
    const turn = (signature?: { issuer: 'claude'; value: string }): CallMessage[] => [
      QUESTION,
      { role: 'assistant', content: [{ type: 'reasoning', text: thinking, ...(signature && { signature }) }, { type: 'text', text: 'Checking.' }] },
      QUESTION,
    ];
    const signed = profileCall(neutral(turn({ issuer: 'claude', value: 'EqQBCkYIBRgCKkD' })));
    const unsigned = profileCall(neutral(turn()));
    expect(signed.prompt.total - unsigned.prompt.total).toBe(tokens(thinking));
    expect(profileCall(neutral([QUESTION, { role: 'assistant', content: [{ type: 'redacted-reasoning', data: 'EmwKAhgBEgy3', issuer: 'claude' }] }, QUESTION])).prompt.unestimatedParts).toBe(1);
  });

  it('counts an image a tool returned as an image, and needs vision for it', () => {
    const result = (withImage: boolean): CallMessage => ({
      role: 'tool',
      content: [
        {
          type: 'tool-result',
          toolCallId: 'toolu_1',
          content: [{ type: 'text', text: 'Captured.' }, ...(withImage ? [{ type: 'image' as const, source: { kind: 'url' as const, url: 'https://example.com/s.png' } }] : [])],
        },
      ],
    });
    const image = profileCall(neutral([QUESTION, lookup, result(true)]));
    const text = profileCall(neutral([QUESTION, lookup, result(false)]));
    expect(image.prompt.images).toBe(1);
    expect(image.prompt.imageTokens).toBe(IMAGE_TOKENS_HIGH_DETAIL);
    expect(image.prompt.total - text.prompt.total).toBe(IMAGE_TOKENS_HIGH_DETAIL);
    expect(image.needs.capabilities).toEqual(new Set(['tools', 'vision']));
    expect(text.needs.capabilities).toEqual(new Set(['tools']));
  });

  it("counts a provider's own tool by its definition, and needs tools for it", () => {
    const webSearch: Tool = { kind: 'native', dialect: 'anthropic-messages', type: 'web_search_20250305', name: 'web_search', definition: { type: 'web_search_20250305', name: 'web_search', max_uses: 5 } };
    const searching = profileCall(neutral([QUESTION], { tools: [webSearch] }));
    const plain = profileCall(neutral([QUESTION]));
    expect(searching.prompt.total - plain.prompt.total).toBe(TOOLS_LIST_TOKENS + TOKENS_PER_TOOL + tokens(JSON.stringify(webSearch.definition)));
    expect(searching.needs.capabilities).toEqual(new Set(['tools']));
    expect(searching.complexity().features.map((feature) => feature.feature)).toContain('tools');
  });

  it('expects reasoning a thinking budget or mode asks for, at most the budget, and none when thinking is disabled', () => {
    const claude = targetFor('anthropic/claude-sonnet-4-5');
    const budgeted = profileCall(neutral([QUESTION], { reasoning: { mode: 'enabled', budgetTokens: 2_000 } })).answer;
    expect(expectsReasoning(claude, budgeted.reasoning)).toBe(true);
    expect(estimateOutputTokens(budgeted, { reasoning: true })).toBe(400 + 2_000);
    expect(expectsReasoning(claude, { mode: 'adaptive' })).toBe(true);
    expect(expectsReasoning(targetFor('openai/gpt-5'), { mode: 'disabled' })).toBe(false);
    expect(expectsReasoning(targetFor('openai/gpt-5'), undefined)).toBe(true);
    expect(expectsReasoning(claude, undefined)).toBe(false);
  });

  it("splits the prompt-cache prefixes from the estimate's own counts, once", () => {
    const profile = profileCall(neutral([{ role: 'system', variant: 'system', content: [{ type: 'text', text: sampleProse(6_000, 2) }] }, QUESTION]));
    const prefixes = profile.prefixes();
    expect(profile.prefixes()).toBe(prefixes);
    expect(prefixes.map((prefix) => prefix.messages)).toEqual([1, 2]);
    expect(prefixes.at(-1)!.tokens).toBe(profile.prompt.total - REPLY_PRIMING_TOKENS);
    expect(prefixes[0]!.tokens).toBe(profile.prompt.headTokens + profile.prompt.messageTokens[0]!);
    expect(profile.prompt.messageTokens[1]).toBe(TOKENS_PER_MESSAGE + tokens('What does it say?'));
  });
});

describe('the router on a profile', () => {
  const { router } = createEngine({ config: fullConfig, resolver, logger: silentLogger });

  it('keeps a model without vision out of a call whose only image came back from a tool', () => {
    const screenshot: CallMessage = {
      role: 'tool',
      content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'image', source: { kind: 'url', url: 'https://example.com/s.png' } }] }],
    };
    let refused: unknown;
    try {
      router.plan({ call: { ...neutral([QUESTION, lookup, screenshot]), model: 'deepseek/deepseek-chat' }, caller: UNRESTRICTED });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(CallError);
    expect(refused).toMatchObject({ status: 400, code: 'no_eligible_model' });
    expect((refused as CallError).message).toContain('no vision support');
  });

  it('plans another model for the same call with the profile it is given (the cascade)', () => {
    const asked = neutral([QUESTION]);
    const requested = router.plan({ call: { ...asked, model: 'switchyard/auto' }, caller: UNRESTRICTED });
    const cheap = router.plan({ call: asked, profile: requested.profile, caller: UNRESTRICTED });
    expect(cheap.profile).toBe(requested.profile);
    expect(cheap.set.group).toBe('fast');
    expect(router.allows({ call: asked, profile: requested.profile, caller: UNRESTRICTED })).toBe(true);
  });
});
