import type { ChatRequest } from '../../chat/chat-request-schema.ts';
import { requestedMaxTokens, stopSequences } from '../../chat/request-options.ts';
import { invalidRequest } from '../../core/call-error.ts';
import { JSON_OBJECT_INSTRUCTION } from '../anthropic/convert-anthropic-response-format.ts';
import { resolveAnthropicThinking } from '../anthropic/resolve-anthropic-thinking.ts';
import type { BuildContext } from '../provider-adapter.ts';
import type { BedrockConverseRequest, BedrockInferenceConfig } from './bedrock-api-types.ts';
import { claudeModelName } from './bedrock-model-id.ts';
import { convertBedrockTools } from './convert-bedrock-tools.ts';
import { hasText } from './convert-bedrock-user-content.ts';
import { convertToBedrockMessages } from './convert-to-bedrock-messages.ts';

/** `response_format` as an instruction: Converse has no JSON mode that every model honours. */
function responseFormatInstruction(request: ChatRequest): string | undefined {
  const format = request.response_format;
  if (format?.type === 'json_schema' && format.json_schema.schema) {
    return `${JSON_OBJECT_INSTRUCTION} It must match this JSON Schema: ${JSON.stringify(format.json_schema.schema)}`;
  }
  if (format?.type === 'json_object' || format?.type === 'json_schema') return JSON_OBJECT_INSTRUCTION;
  return undefined;
}

/**
 * A validated OpenAI request as a Converse body. As for Anthropic, parameters with no equivalent
 * that only tune sampling (`seed`, penalties, `logprobs`, `user`) are dropped. Claude's thinking
 * travels in `additionalModelRequestFields`, sized as on Anthropic's API.
 */
export function convertToBedrockRequest(request: ChatRequest, context: BuildContext): BedrockConverseRequest {
  if (request.n != null && request.n > 1) throw invalidRequest('Bedrock answers with one choice per request: n must be 1', 'n');
  const prompt = convertToBedrockMessages(request.messages);
  const toolConfig = convertBedrockTools(request, prompt.usesTools);
  const claude = claudeModelName(context.model);
  const inference: BedrockInferenceConfig = {};
  const additional: Record<string, unknown> = {};

  let thinking = false;
  if (claude !== undefined) {
    const limits = resolveAnthropicThinking(request, claude, context.maxOutputTokens);
    // An OpenAI client cannot send back the signed reasoning Claude requires at the start of a
    // tool-use turn, so a request that returns tool results thinks no more (as Anthropic advises).
    if (limits.thinking && request.messages.at(-1)?.role !== 'tool') {
      if (limits.thinking.type === 'enabled' && (toolConfig?.toolChoice && !('auto' in toolConfig.toolChoice))) {
        throw invalidRequest(
          "Claude does not let a request force a tool call while it thinks: use tool_choice 'auto' or 'none', or drop reasoning_effort",
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
      if (request.temperature != null) inference.temperature = Math.min(request.temperature, 1);
      else if (request.top_p != null) inference.topP = request.top_p;
    }
  } else {
    const effort = request.reasoning_effort;
    if (effort != null && effort !== 'none' && effort !== 'minimal') {
      throw invalidRequest(`reasoning_effort is only supported for Claude models on Bedrock, not ${context.model}`, 'reasoning_effort');
    }
    const maxTokens = requestedMaxTokens(request) ?? context.maxOutputTokens;
    if (maxTokens !== undefined) inference.maxTokens = maxTokens;
    // OpenAI's temperature runs 0..2; the models Bedrock serves take 0..1.
    if (request.temperature != null) inference.temperature = Math.min(request.temperature, 1);
    if (request.top_p != null) inference.topP = request.top_p;
  }

  const stops = stopSequences(request).filter(hasText);
  if (stops.length > 0) inference.stopSequences = stops;

  const body: BedrockConverseRequest = { messages: prompt.messages };
  const instruction = responseFormatInstruction(request);
  const system = [...(prompt.system ?? []), ...(instruction ? [{ text: instruction }] : [])];
  if (system.length > 0) body.system = system;
  if (Object.keys(inference).length > 0) body.inferenceConfig = inference;
  if (toolConfig) body.toolConfig = toolConfig;
  if (Object.keys(additional).length > 0) body.additionalModelRequestFields = additional;
  return body;
}
