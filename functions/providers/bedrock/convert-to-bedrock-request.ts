import type { Call } from '../../core/call.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { OutputFormat } from '../../core/output.ts';
import { JSON_OBJECT_INSTRUCTION } from '../anthropic/convert-anthropic-response-format.ts';
import { leftOutAnthropicOptions } from '../left-out-anthropic-options.ts';
import type { BuildContext } from '../provider-adapter.ts';
import type { BedrockConverseRequest } from './bedrock-api-types.ts';
import { BEDROCK_PROVIDER } from './bedrock-constants.ts';
import { claudeModelName, reasoningIssuer } from './bedrock-model-id.ts';
import { convertBedrockInference } from './convert-bedrock-inference.ts';
import { convertBedrockTools } from './convert-bedrock-tools.ts';
import { convertToBedrockMessages } from './convert-to-bedrock-messages.ts';

/** The output format as an instruction: Converse has no JSON mode that every model honours. */
function formatInstruction(format: OutputFormat): string | undefined {
  if (format.type === 'json-schema' && format.schema) {
    return `${JSON_OBJECT_INSTRUCTION} It must match this JSON Schema: ${JSON.stringify(format.schema)}`;
  }
  if (format.type === 'json' || format.type === 'json-schema') return JSON_OBJECT_INSTRUCTION;
  return undefined;
}

/** A Converse body, and what it had to leave out of the call. */
export interface BedrockTranslation {
  body: BedrockConverseRequest;
  notes: string[];
}

/**
 * A call as a Converse body. Log-probabilities and the end user have no equivalent and are
 * dropped; the caller's Bedrock provider options are merged in, and what it asked of Anthropic's
 * servers alone is left out with a note (left-out-anthropic-options.ts).
 */
export function convertToBedrockRequest(call: Call, context: BuildContext): BedrockTranslation {
  if (call.output.choices > 1) throw invalidRequest('Bedrock answers with one choice per request: n must be 1', 'n');
  const notes = leftOutAnthropicOptions(call.providerOptions.anthropic, BEDROCK_PROVIDER);
  const prompt = convertToBedrockMessages(call.messages, reasoningIssuer(context.model), notes);
  const toolConfig = convertBedrockTools(call.tools, call.toolChoice, prompt.usesTools, notes);
  const { inference, additional } = convertBedrockInference(call, context, prompt, toolConfig);

  const body: BedrockConverseRequest = { messages: prompt.messages };
  const instruction = formatInstruction(call.output.format);
  const system = [...(prompt.system ?? []), ...(instruction ? [{ text: instruction }] : [])];
  if (system.length > 0) body.system = system;
  if (Object.keys(inference).length > 0) body.inferenceConfig = inference;
  // Converse says only that a stop sequence matched; Claude's own response says which, when asked.
  if (inference.stopSequences && claudeModelName(context.model) !== undefined) body.additionalModelResponseFieldPaths = ['/stop_sequence'];
  if (toolConfig) body.toolConfig = toolConfig;
  // The caller's own Bedrock fields win over the gateway's: they name exactly what they want.
  const options = call.providerOptions.bedrock;
  const fields = { ...additional, ...options?.additionalModelRequestFields };
  if (Object.keys(fields).length > 0) body.additionalModelRequestFields = fields;
  if (options?.guardrailConfig !== undefined) body.guardrailConfig = options.guardrailConfig;
  if (options?.performanceConfig !== undefined) body.performanceConfig = options.performanceConfig;
  return { body, notes };
}
