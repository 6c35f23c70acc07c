import type { Call } from '../../core/call.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { OutputFormat } from '../../core/output.ts';
import { JSON_OBJECT_INSTRUCTION } from '../anthropic/convert-anthropic-response-format.ts';
import type { BuildContext } from '../provider-adapter.ts';
import type { BedrockConverseRequest, BedrockInferenceConfig } from './bedrock-api-types.ts';
import { claudeModelName, reasoningIssuer } from './bedrock-model-id.ts';
import { claudeThinkingLimits } from './claude-thinking-limits.ts';
import { convertBedrockTools } from './convert-bedrock-tools.ts';
import { hasText } from './convert-bedrock-user-content.ts';
import { convertToBedrockMessages, type BedrockPrompt } from './convert-to-bedrock-messages.ts';

/** The output format as an instruction: Converse has no JSON mode that every model honours. */
function formatInstruction(format: OutputFormat): string | undefined {
  if (format.type === 'json-schema' && format.schema) {
    return `${JSON_OBJECT_INSTRUCTION} It must match this JSON Schema: ${JSON.stringify(format.schema)}`;
  }
  if (format.type === 'json' || format.type === 'json-schema') return JSON_OBJECT_INSTRUCTION;
  return undefined;
}

/**
 * Whether Claude may think on this request. Thinking, it requires a turn that returns tool results
 * to follow an assistant turn that starts with its signed reasoning; a request without it (an
 * OpenAI client has nowhere to keep the signature) thinks no more, as Anthropic advises.
 */
function mayThink(call: Call, prompt: BedrockPrompt): boolean {
  if (call.messages.at(-1)?.role !== 'tool') return true;
  const first = prompt.messages.findLast((turn) => turn.role === 'assistant')?.content[0];
  return first !== undefined && 'reasoningContent' in first;
}

/** A Converse body, and what it had to leave out of the call. */
export interface BedrockTranslation {
  body: BedrockConverseRequest;
  notes: string[];
}

/**
 * A call as a Converse body. As for Anthropic, settings with no equivalent that only tune
 * sampling (seed, penalties, log-probabilities, the end user) are dropped. Claude's thinking
 * travels in `additionalModelRequestFields`, sized as on Anthropic's API.
 */
export function convertToBedrockRequest(call: Call, context: BuildContext): BedrockTranslation {
  if (call.output.choices > 1) throw invalidRequest('Bedrock answers with one choice per request: n must be 1', 'n');
  const notes: string[] = [];
  const prompt = convertToBedrockMessages(call.messages, reasoningIssuer(context.model), notes);
  const toolConfig = convertBedrockTools(call.tools, call.toolChoice, prompt.usesTools, notes);
  const claude = claudeModelName(context.model);
  const { temperature, topP } = call.sampling;
  const inference: BedrockInferenceConfig = {};
  const additional: Record<string, unknown> = {};

  let thinking = false;
  if (claude !== undefined) {
    const limits = claudeThinkingLimits(call, claude, context.maxOutputTokens);
    if (limits.thinking && mayThink(call, prompt)) {
      if (limits.thinking.type === 'enabled' && toolConfig?.toolChoice && !('auto' in toolConfig.toolChoice)) {
        throw invalidRequest(
          "Claude does not let a request force a tool call while it thinks: use tool_choice 'auto' or 'none', or ask for no reasoning",
          'tool_choice',
        );
      }
      thinking = true;
      additional.thinking = limits.thinking;
      if (limits.effort) additional.output_config = { effort: limits.effort };
    }
    inference.maxTokens = limits.max_tokens;
    // Claude rejects temperature and top_p changes while thinking, and recent models reject both
    // together: temperature, the one every client knows, wins.
    if (!thinking) {
      if (temperature !== undefined) inference.temperature = Math.min(temperature, 1);
      else if (topP !== undefined) inference.topP = topP;
    }
  } else {
    const { effort, mode } = call.reasoning ?? {};
    if (mode === 'enabled' || mode === 'adaptive') {
      throw invalidRequest(`thinking is only supported for Claude models on Bedrock, not ${context.model}`, 'thinking');
    }
    if (effort !== undefined && effort !== 'none' && effort !== 'minimal') {
      throw invalidRequest(`reasoning_effort is only supported for Claude models on Bedrock, not ${context.model}`, 'reasoning_effort');
    }
    const maxTokens = call.output.maxTokens ?? context.maxOutputTokens;
    if (maxTokens !== undefined) inference.maxTokens = maxTokens;
    // The caller's temperature may run to 2 (OpenAI's range); the models Bedrock serves take 0..1.
    if (temperature !== undefined) inference.temperature = Math.min(temperature, 1);
    if (topP !== undefined) inference.topP = topP;
  }

  const stops = call.output.stop.filter(hasText);
  if (stops.length > 0) inference.stopSequences = stops;

  const body: BedrockConverseRequest = { messages: prompt.messages };
  const instruction = formatInstruction(call.output.format);
  const system = [...(prompt.system ?? []), ...(instruction ? [{ text: instruction }] : [])];
  if (system.length > 0) body.system = system;
  if (Object.keys(inference).length > 0) body.inferenceConfig = inference;
  if (toolConfig) body.toolConfig = toolConfig;
  if (Object.keys(additional).length > 0) body.additionalModelRequestFields = additional;
  return { body, notes };
}
