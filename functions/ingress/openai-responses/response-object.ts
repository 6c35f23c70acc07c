/**
 * The Response object around a translated answer's output, in the shape and field order OpenAI
 * writes it: the answer's id, status and output, and the request's parameters echoed with OpenAI's
 * defaults where the client set none, as a client (or the SDK's stream reader) compares them.
 */
import type { FinishReason, Usage } from '../../core/stream-event.ts';
import type { OutputItem } from './output-items.ts';
import type { ResponsesRequest } from './responses-request-schema.ts';
import { toResponsesUsage, type ResponsesUsage } from './to-responses-usage.ts';

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';
export type IncompleteReason = 'max_output_tokens' | 'content_filter';

export interface ResponseError {
  code: string;
  message: string;
}

export interface ResponseState {
  id: string;
  /** Unix seconds. */
  createdAt: number;
  status: ResponseStatus;
  /** The model name the client sees. */
  model: string;
  output: OutputItem[];
  usage: Usage | undefined;
  incompleteReason?: IncompleteReason;
  error?: ResponseError;
}

export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  background: false;
  error: ResponseError | null;
  incomplete_details: { reason: IncompleteReason } | null;
  instructions: string | null;
  max_output_tokens: number | null;
  max_tool_calls: number | null;
  model: string;
  output: OutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  prompt_cache_key: string | null;
  reasoning: { effort: string | null; summary: string | null };
  safety_identifier: string | null;
  service_tier: string;
  store: boolean;
  temperature: number;
  text: { format: unknown; verbosity: string };
  tool_choice: unknown;
  tools: unknown[];
  top_logprobs: number;
  top_p: number;
  truncation: string;
  usage: ResponsesUsage | null;
  user: string | null;
  metadata: Record<string, string>;
}

/** A finished answer's status: cut short by the output limit or a content filter is `incomplete`, with the reason. */
export function finishedStatus(finish: FinishReason | undefined | null): Pick<ResponseState, 'status' | 'incompleteReason'> {
  if (finish?.unified === 'length') return { status: 'incomplete', incompleteReason: 'max_output_tokens' };
  if (finish?.unified === 'content_filter') return { status: 'incomplete', incompleteReason: 'content_filter' };
  return { status: 'completed' };
}

export function responseObject(request: ResponsesRequest, state: ResponseState): ResponseObject {
  return {
    id: state.id,
    object: 'response',
    created_at: state.createdAt,
    status: state.status,
    background: false,
    error: state.error ?? null,
    incomplete_details: state.incompleteReason ? { reason: state.incompleteReason } : null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    max_tool_calls: request.max_tool_calls ?? null,
    model: state.model,
    output: state.output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    prompt_cache_key: request.prompt_cache_key ?? null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? request.reasoning?.generate_summary ?? null },
    safety_identifier: request.safety_identifier ?? null,
    service_tier: request.service_tier ?? 'default',
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    text: { format: request.text?.format ?? { type: 'text' }, verbosity: request.text?.verbosity ?? 'medium' },
    tool_choice: request.tool_choice ?? 'auto',
    tools: request.tools ?? [],
    top_logprobs: request.top_logprobs ?? 0,
    top_p: request.top_p ?? 1,
    truncation: request.truncation ?? 'disabled',
    usage: state.usage ? toResponsesUsage(state.usage) : null,
    user: request.user ?? null,
    metadata: request.metadata ?? {},
  };
}
