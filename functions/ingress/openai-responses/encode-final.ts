/**
 * A finished translated answer as the Response object (the non-streaming body): a `reasoning`
 * item when the model reasoned (or when a tool call's signature must travel in an envelope), a
 * `message` item with the text and any refusal, then one item per tool call, as OpenAI orders them.
 * Only the first answer exists in Responses.
 */
import type { CallResult, ResultChoice } from '../../core/collect-result.ts';
import type { Signature } from '../../core/parts.ts';
import type { ToolOrigins } from './flatten-tools.ts';
import { reasoningItem, toolCallItem, type OutputItem, type OutputRefusal, type OutputText } from './output-items.ts';
import { newId } from './response-ids.ts';
import { finishedStatus, responseObject, type ResponseObject } from './response-object.ts';
import type { ResponsesRequest } from './responses-request-schema.ts';

export interface EncodeOptions {
  /** The request as the client sent it (its parameters are echoed). */
  request: ResponsesRequest;
  /** The response's id: the gateway's own, under which it is stored. */
  id: string;
  /** The model name the client sees, from the provider's. */
  modelName: (upstreamModel: string) => string;
  origins: ToolOrigins;
  /** Whether reasoning items carry the envelope (include `reasoning.encrypted_content`, or a stored response). */
  keepReasoning: boolean;
}

export function encodeFinal(result: CallResult, options: EncodeOptions): ResponseObject {
  const choice = result.choices.find((candidate) => candidate.index === 0);
  const finished = finishedStatus(choice?.finish);
  return responseObject(options.request, {
    id: options.id,
    createdAt: result.created || Math.floor(Date.now() / 1000),
    ...finished,
    model: options.modelName(result.model),
    output: choice ? outputOf(choice, finished.status === 'completed' ? 'completed' : 'incomplete', options) : [],
    usage: result.usage,
  });
}

function outputOf(choice: ResultChoice, status: 'completed' | 'incomplete', options: EncodeOptions): OutputItem[] {
  const output: OutputItem[] = [];
  const calls = choice.toolCalls.map((call) => ({ ...call, id: call.id || newId('call') }));
  const toolCalls = toolCallSignatures(calls);
  if (choice.reasoningBlocks.length > 0 || (options.keepReasoning && Object.keys(toolCalls).length > 0)) {
    output.push(reasoningItem(newId('rs'), choice.reasoningBlocks, options.keepReasoning ? { toolCalls } : undefined));
  }
  const content: Array<OutputText | OutputRefusal> = [];
  if (choice.text !== null) content.push({ type: 'output_text', text: choice.text, annotations: [], ...(choice.logprobs && { logprobs: choice.logprobs }) });
  if (choice.refusal !== null) content.push({ type: 'refusal', refusal: choice.refusal });
  if (content.length > 0) output.push({ id: newId('msg'), type: 'message', status, role: 'assistant', content });
  for (const call of calls) {
    output.push(toolCallItem(newId(options.origins.get(call.name)?.custom ? 'ctc' : 'fc'), { callId: call.id, name: call.name, arguments: call.arguments }, options.origins, 'completed'));
  }
  return output;
}

/** The signatures a provider gave its tool calls (Gemini's), by call id: what the envelope carries for them. */
function toolCallSignatures(calls: ReadonlyArray<{ id: string; signature?: Signature }>): Record<string, Signature> {
  return Object.fromEntries(calls.flatMap((call) => (call.signature ? [[call.id, call.signature]] : [])));
}
