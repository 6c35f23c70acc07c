import type { Call } from '../../core/call.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { BuildContext } from '../provider-adapter.ts';
import type { AnthropicMessagesRequest } from './anthropic-api-types.ts';
import { convertAnthropicResponseFormat } from './convert-anthropic-response-format.ts';
import { convertAnthropicTools } from './convert-anthropic-tools.ts';
import { hasText } from './convert-anthropic-user-content.ts';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.ts';
import { placeCacheBreakpoints } from './place-cache-breakpoints.ts';
import { resolveClaudeThinking } from './resolve-anthropic-thinking.ts';

/**
 * A call as an Anthropic Messages body. Parameters Anthropic has no equivalent for and that only
 * tune sampling (`seed`, penalties, log-probabilities) are dropped. Prompt cache breakpoints are
 * added where the prompt is long enough, unless the caller chose its own.
 */
export function convertToAnthropicRequest(call: Call, context: BuildContext): AnthropicMessagesRequest {
  if (call.output.choices > 1) {
    throw invalidRequest('Anthropic answers with one choice per request: n must be 1', 'n');
  }
  const prompt = convertToAnthropicMessages(call.messages);
  const format = convertAnthropicResponseFormat(call.output.format, context.model);
  const limits = resolveClaudeThinking({ maxTokens: call.output.maxTokens, reasoning: call.reasoning }, context.model, context.maxOutputTokens);
  // A call without signed thinking cannot send back the thinking blocks Anthropic requires at the
  // start of a tool-use turn, so a request that returns tool results thinks no more (as Anthropic advises).
  if (limits.thinking && call.messages.at(-1)?.role === 'tool') delete limits.thinking;
  const { tools, tool_choice: toolChoice } = convertAnthropicTools(call);

  // Budgeted thinking cannot be combined with forcing a tool; adaptive thinking can.
  if (limits.thinking?.type === 'enabled' && (toolChoice?.type === 'any' || toolChoice?.type === 'tool')) {
    throw invalidRequest(
      "Anthropic does not let a request force a tool call while it thinks: use tool_choice 'auto' or 'none', or drop reasoning_effort",
      'tool_choice',
    );
  }

  const body: AnthropicMessagesRequest = { model: context.model, max_tokens: limits.max_tokens, messages: prompt.messages };
  const system = [prompt.system, format.systemInstruction].filter((text) => text !== undefined).join('\n\n');
  if (system) body.system = system;
  // Anthropic rejects temperature and top_p changes while thinking.
  if (!limits.thinking) {
    // The caller's temperature may run 0..2 (OpenAI's range), Anthropic's runs 0..1. Recent Claude
    // models reject temperature and top_p together; temperature, the one every client knows, wins.
    const { temperature, topP } = call.sampling;
    if (temperature !== undefined) body.temperature = Math.min(temperature, 1);
    else if (topP !== undefined) body.top_p = topP;
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
  if (context.stream) body.stream = true;
  return call.cache.callerPlaced ? body : placeCacheBreakpoints(body);
}
