import type { Call } from '../../core/call.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { BuildContext } from '../provider-adapter.ts';
import type { AnthropicMessageParam, AnthropicMessagesRequest } from './anthropic-api-types.ts';
import { cacheControl } from './anthropic-cache-control.ts';
import { clampMaxTokens } from '../clamp-max-tokens.ts';
import { convertAnthropicResponseFormat } from './convert-anthropic-response-format.ts';
import { convertAnthropicTools } from './convert-anthropic-tools.ts';
import { hasText } from './convert-anthropic-user-content.ts';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';
import { placeCacheBreakpoints } from './place-cache-breakpoints.ts';
import { resolveClaudeThinking } from './resolve-anthropic-thinking.ts';

/**
 * A call as an Anthropic Messages body. Parameters Anthropic has no equivalent for and that only
 * tune sampling (`seed`, penalties, log-probabilities) are dropped; what the caller should know was
 * left out (another dialect's server tool) is said in `notes`. Prompt cache breakpoints are added
 * where the prompt is long enough, unless the caller chose its own or asked for automatic caching.
 */
export function convertToAnthropicRequest(call: Call, context: BuildContext, notes: string[]): AnthropicMessagesRequest {
  if (call.output.choices > 1) {
    throw invalidRequest('Anthropic answers with one choice per request: n must be 1', 'n');
  }
  const prompt = convertToAnthropicMessages(call.messages, notes);
  const format = convertAnthropicResponseFormat(call.output.format, context.model);
  const maxTokens = clampMaxTokens(call.output.maxTokens, context.maxOutputTokens);
  const limits = resolveClaudeThinking({ maxTokens, reasoning: call.reasoning }, context.model, context.maxOutputTokens);
  // A tool-use turn answered while thinking must start with the thinking Claude signed. A call
  // without it (an OpenAI client has nowhere to keep it) thinks no more, as Anthropic advises.
  if (limits.thinking && call.messages.at(-1)?.role === 'tool' && !startsWithThinking(prompt.messages)) delete limits.thinking;
  const { tools, tool_choice: toolChoice } = convertAnthropicTools(call, notes);

  // Budgeted thinking cannot be combined with forcing a tool; adaptive thinking can.
  if (limits.thinking?.type === 'enabled' && (toolChoice?.type === 'any' || toolChoice?.type === 'tool')) {
    throw invalidRequest(
      "Anthropic does not let a request force a tool call while it thinks: use tool_choice 'auto' or 'none', or drop reasoning_effort",
      'tool_choice',
    );
  }

  const body: AnthropicMessagesRequest = { model: context.model, max_tokens: limits.max_tokens, messages: prompt.messages };
  const system = withInstruction(prompt.system, format.systemInstruction);
  if (system !== undefined) body.system = system;
  // Anthropic rejects temperature, top_p and top_k changes while thinking.
  if (!limits.thinking) {
    // The caller's temperature may run 0..2 (OpenAI's range), Anthropic's runs 0..1. Recent Claude
    // models reject temperature and top_p together; temperature, the one every client knows, wins.
    const { temperature, topP, topK } = call.sampling;
    if (temperature !== undefined) body.temperature = Math.min(temperature, 1);
    else if (topP !== undefined) body.top_p = topP;
    if (topK !== undefined) body.top_k = topK;
  }
  // Anthropic rejects stop sequences that are only whitespace.
  const stops = call.output.stop.filter(hasText);
  if (stops.length > 0) body.stop_sequences = stops;
  if (call.user) body.metadata = { user_id: call.user };
  if (tools) body.tools = tools;
  if (toolChoice) body.tool_choice = toolChoice;
  if (limits.thinking) body.thinking = limits.thinking;
  const outputConfig = { ...format.output_config, ...(limits.effort ? { effort: limits.effort } : {}) };
  if (Object.keys(outputConfig).length > 0) body.output_config = outputConfig;
  if (call.cache.auto) body.cache_control = cacheControl(call.cache.auto);
  if (context.stream) body.stream = true;
  return call.cache.callerPlaced || call.cache.auto ? body : placeCacheBreakpoints(body);
}

/** Whether the last assistant turn starts with Claude's thinking, signed or redacted. */
function startsWithThinking(messages: readonly AnthropicMessageParam[]): boolean {
  const first = messages.findLast((message) => message.role === 'assistant')?.content[0];
  return first?.type === 'thinking' || first?.type === 'redacted_thinking';
}

/** The system prompt with the response format's instruction after it: joined to a string, or a block of its own. */
function withInstruction(system: AnthropicMessagesRequest['system'], instruction: string | undefined): AnthropicMessagesRequest['system'] {
  if (instruction === undefined) return system;
  if (Array.isArray(system)) return [...system, { type: 'text', text: instruction }];
  return system === undefined ? instruction : `${system}\n\n${instruction}`;
}
