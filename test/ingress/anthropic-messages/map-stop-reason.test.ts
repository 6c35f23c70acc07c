import { describe, expect, it } from 'vitest';
import { mapAnthropicStopReason } from '../../../functions/providers/anthropic/map-anthropic-stop-reason.ts';
import { ANTHROPIC_STOP_REASONS, answerStopReason, toAnthropicStopReason } from '../../../functions/ingress/anthropic-messages/map-stop-reason.ts';

describe('toAnthropicStopReason', () => {
  it.each(ANTHROPIC_STOP_REASONS)("Anthropic's own %s comes back as it went through the Anthropic translator", (word) => {
    expect(toAnthropicStopReason(mapAnthropicStopReason(word))).toBe(word);
  });

  it.each([
    ['stop', 'stop', 'end_turn'],
    ['length', 'length', 'max_tokens'],
    ['tool_calls', 'tool_calls', 'tool_use'],
    ['content_filter', 'content_filter', 'refusal'],
    ['STOP', 'stop', 'end_turn'],
    ['MAX_TOKENS', 'length', 'max_tokens'],
    ['SAFETY', 'content_filter', 'refusal'],
    ['guardrail_intervened', 'content_filter', 'refusal'],
    ['', 'stop', 'end_turn'],
  ] as const)('another provider’s %s (%s) reads as %s', (raw, unified, expected) => {
    expect(toAnthropicStopReason({ unified, raw })).toBe(expected);
  });
});

describe('answerStopReason', () => {
  const toolCalls = { unified: 'tool_calls', raw: 'tool_use' } as const;
  it.each([
    ['a refusal in words wins over the finish', { finish: { unified: 'stop', raw: 'stop' }, refused: true, calledTools: false }, 'refusal'],
    ['the finish, mapped', { finish: toolCalls, refused: false, calledTools: true }, 'tool_use'],
    ['no finish, tool calls made', { finish: undefined, refused: false, calledTools: true }, 'tool_use'],
    ['no finish, no tool calls', { finish: undefined, refused: false, calledTools: false }, 'end_turn'],
  ] as const)('%s', (_case, answer, expected) => {
    expect(answerStopReason(answer)).toBe(expected);
  });
});
