/**
 * A call that arrived in another dialect (translated mode) as a Chat Completions body: the messages,
 * tools, output and sampling each by their own encoder, the reasoning effort, and the call's other
 * fields, over the OpenAI options the call carries (`providerOptions.openai`). Cache breakpoints are
 * not sent: the family's providers cache prompt prefixes on their own (`cache.key` is OpenAI's
 * `prompt_cache_key`). What Chat Completions cannot carry is left out with a note (what the caller
 * asked of Anthropic's servers alone too: left-out-anthropic-options.ts), or refused with a 400 naming it.
 */
import type { ReasoningEffort } from '../../ingress/openai-chat/chat-request-schema.ts';
import type { Call } from '../../core/call.ts';
import { leftOutNote } from '../../core/left-out-note.ts';
import type { ReasoningRequest } from '../../core/reasoning.ts';
import { leftOutAnthropicOptions } from '../left-out-anthropic-options.ts';
import type { BuildContext } from '../provider-adapter.ts';
import { CHAT_COMPLETIONS } from './chat-completions-name.ts';
import { effortForBudget } from './effort-for-budget.ts';
import { encodeChatMessages } from './encode-chat-messages.ts';
import { encodeChatOutput } from './encode-chat-output.ts';
import { encodeChatSampling } from './encode-chat-sampling.ts';
import { encodeChatTools } from './encode-chat-tools.ts';

export interface EncodedChatBody {
  /** Without `model` and the stream flags, which finishing the request sets. */
  body: Record<string, unknown>;
  /** What was left out, each said once. */
  notes: string[];
}

/**
 * `maxOutputTokens` is the model's own limit and `reasons` whether it reasons, from the catalog: a
 * reasoning effort goes only to a model that may reason (OpenAI refuses one elsewhere, and Claude
 * Code asks for an effort whatever the model).
 */
export function encodeChatBody(call: Call, { maxOutputTokens, reasons }: Pick<BuildContext, 'maxOutputTokens' | 'reasons'>): EncodedChatBody {
  const notes = leftOutAnthropicOptions(call.providerOptions.anthropic, CHAT_COMPLETIONS);
  const asked = reasoningEffort(call.reasoning);
  const effort = reasons === false ? undefined : asked;
  if (asked !== undefined && effort === undefined) notes.push(leftOutNote({ kind: 'parameter', name: 'reasoning_effort', target: 'the model', why: 'does not reason' }));
  const body = {
    ...call.providerOptions.openai,
    messages: encodeChatMessages(call.messages, notes),
    ...encodeChatTools(call, notes),
    ...encodeChatOutput(call.output, maxOutputTokens),
    ...encodeChatSampling(call.sampling, notes),
    ...(effort !== undefined && { reasoning_effort: effort }),
    ...(call.user !== undefined && { user: call.user }),
    ...(call.serviceTier !== undefined && { service_tier: call.serviceTier }),
    ...(call.cache.key !== undefined && { prompt_cache_key: call.cache.key }),
  };
  return { body, notes: [...new Set(notes)] };
}

/**
 * The effort as asked, or one for the budget asked (effort-for-budget.ts). Thinking turned off
 * sends nothing rather than `none`, which only some models take: the model's default stands.
 */
function reasoningEffort(reasoning: ReasoningRequest | undefined): ReasoningEffort | undefined {
  if (reasoning?.effort !== undefined) return reasoning.effort;
  if (reasoning?.budgetTokens !== undefined && reasoning.mode !== 'disabled') return effortForBudget(reasoning.budgetTokens);
  return undefined;
}
