import type { Call } from '../../core/call.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { BuildContext } from '../provider-adapter.ts';
import type { BedrockInferenceConfig, BedrockToolConfig } from './bedrock-api-types.ts';
import { claudeModelName } from './bedrock-model-id.ts';
import { claudeThinkingLimits } from './claude-thinking-limits.ts';
import { hasText } from './convert-bedrock-user-content.ts';
import type { BedrockPrompt } from './convert-to-bedrock-messages.ts';
import { clampMaxTokens } from '../clamp-max-tokens.ts';

export interface BedrockInference {
  inference: BedrockInferenceConfig;
  /** Claude's own fields (`thinking`, `output_config`, `top_k`), for `additionalModelRequestFields`. */
  additional: Record<string, unknown>;
}


/**
 * Whether Claude may think on this request. Thinking, it requires a turn that returns tool results
 * to follow an assistant turn that starts with its signed reasoning; a request without it (an
 * OpenAI client has nowhere to keep the signature) thinks no more, as Anthropic advises.
 */
function mayThink(prompt: BedrockPrompt): boolean {
  const last = prompt.messages.at(-1);
  if (last?.role !== 'user' || !last.content.some((block) => 'toolResult' in block)) return true;
  const first = prompt.messages.findLast((turn) => turn.role === 'assistant')?.content[0];
  return first !== undefined && 'reasoningContent' in first;
}

/**
 * The call's output limit, sampling, stop sequences and reasoning in Converse's terms. As for
 * Anthropic, settings with no equivalent that only tune sampling (seed, penalties) are dropped.
 * Claude's thinking is sized as on Anthropic's API; other models do not think on request.
 */
export function convertBedrockInference(call: Call, context: BuildContext, prompt: BedrockPrompt, toolConfig: BedrockToolConfig | undefined): BedrockInference {
  const claude = claudeModelName(context.model);
  const { temperature, topP, topK } = call.sampling;
  // Above the model's limit is a 400 from Bedrock; clients ask for their own default (Claude Code 32000) whatever the model.
  const requested = clampMaxTokens(call.output.maxTokens, context.maxOutputTokens);
  const inference: BedrockInferenceConfig = {};
  const additional: Record<string, unknown> = {};

  if (claude !== undefined) {
    const limits = claudeThinkingLimits(call.reasoning, requested, claude, context.maxOutputTokens);
    const thinking = limits.thinking !== undefined && mayThink(prompt);
    if (thinking) {
      if (limits.thinking?.type === 'enabled' && toolConfig?.toolChoice && !('auto' in toolConfig.toolChoice)) {
        throw invalidRequest(
          "Claude does not let a request force a tool call while it thinks: use tool_choice 'auto' or 'none', or ask for no reasoning",
          'tool_choice',
        );
      }
      additional.thinking = limits.thinking;
      if (limits.effort) additional.output_config = { effort: limits.effort };
    }
    inference.maxTokens = limits.max_tokens;
    // Claude rejects temperature, top_p and top_k changes while thinking, and recent models reject
    // temperature and top_p together: temperature, the one every client knows, wins.
    if (!thinking) {
      if (temperature !== undefined) inference.temperature = Math.min(temperature, 1);
      else if (topP !== undefined) inference.topP = topP;
      // Converse has no top_k of its own: Claude reads Anthropic's field.
      if (topK !== undefined) additional.top_k = topK;
    }
  } else {
    const { effort, mode } = call.reasoning ?? {};
    if (mode === 'enabled' || mode === 'adaptive') {
      throw invalidRequest(`thinking is only supported for Claude models on Bedrock, not ${context.model}`, 'thinking');
    }
    if (effort !== undefined && effort !== 'none' && effort !== 'minimal') {
      throw invalidRequest(`reasoning_effort is only supported for Claude models on Bedrock, not ${context.model}`, 'reasoning_effort');
    }
    const maxTokens = requested ?? context.maxOutputTokens;
    if (maxTokens !== undefined) inference.maxTokens = maxTokens;
    // The caller's temperature may run to 2 (OpenAI's range); the models Bedrock serves take 0..1.
    if (temperature !== undefined) inference.temperature = Math.min(temperature, 1);
    if (topP !== undefined) inference.topP = topP;
  }

  const stops = call.output.stop.filter(hasText);
  if (stops.length > 0) inference.stopSequences = stops;
  return { inference, additional };
}
