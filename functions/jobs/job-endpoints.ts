/**
 * The APIs a job's body may be written in, and what the jobs code asks of each: checking a body
 * as that API's endpoint does, reading it into a call, and writing the finished answer back in the
 * same API. The worker and the poller go through here, so a job answers in the API it was asked in.
 */
import type { Call } from '../core/call.ts';
import { invalidRequest } from '../core/call-error.ts';
import type { CallResult } from '../core/collect-result.ts';
import { formatPath } from '../http/validation-issue.ts';
import type { ChatRequest } from '../ingress/openai-chat/chat-request-schema.ts';
import { decodeChatRequest } from '../ingress/openai-chat/decode.ts';
import { encodeFinal as encodeChatCompletion, type ChatCompletion } from '../ingress/openai-chat/encode-final.ts';
import { validateChatRequest } from '../ingress/openai-chat/parse-chat-request.ts';
import { decodeResponsesRequest } from '../ingress/openai-responses/decode.ts';
import { encodeFinal as encodeResponse } from '../ingress/openai-responses/encode-final.ts';
import { newId } from '../ingress/openai-responses/response-ids.ts';
import type { ResponseObject } from '../ingress/openai-responses/response-object.ts';
import type { ResponsesRequest } from '../ingress/openai-responses/responses-request-schema.ts';
import { validateResponsesRequest } from '../ingress/openai-responses/validate-responses-request.ts';
import { DEFAULT_ROUTING_PREFERENCES } from '../routing/routing-preferences.ts';

type ModelName = (upstreamModel: string) => string;

interface JobEndpoint<Request, Result> {
  /** A job's body as the endpoint validates it: a 400 naming the field, `at` where the body sits (`requests[3]`). */
  validate(json: unknown, at: ReadonlyArray<PropertyKey>): Request;
  /**
   * The body as a call, and how its answer is written back. The worker routes by the job's
   * record, so the caller's routing preferences are not in it.
   */
  open(request: Request): { call: Call; encode(result: CallResult, modelName: ModelName): Result };
}

const chatCompletions: JobEndpoint<ChatRequest, ChatCompletion> = {
  validate: validateChatRequest,
  open: (request) => ({ call: decodeChatRequest(request, DEFAULT_ROUTING_PREFERENCES), encode: encodeChatCompletion }),
};

/**
 * A job's Responses body is whole: it continues no stored response, and its answer is kept with
 * the job rather than as a stored response (so `store` is false, and says so in the answer).
 */
const responses: JobEndpoint<ResponsesRequest, ResponseObject> = {
  validate(json, at) {
    const request = validateResponsesRequest(json, at);
    const param = (field: string) => formatPath([...at, field]);
    if (request.previous_response_id != null) {
      throw invalidRequest(
        `A job cannot continue a stored response: send the whole conversation as '${param('input')}' and leave '${param('previous_response_id')}' out.`,
        param('previous_response_id'),
        'unsupported_parameter',
      );
    }
    if (request.store === true) {
      throw invalidRequest(`A job's answer is kept with the job (GET /v1/jobs/{id}), not as a stored response: leave '${param('store')}' out or set it to false.`, param('store'), 'unsupported_parameter');
    }
    return request;
  },
  open(request) {
    const { call, origins } = decodeResponsesRequest(request, DEFAULT_ROUTING_PREFERENCES);
    const keepReasoning = request.include?.includes('reasoning.encrypted_content') === true;
    return {
      call,
      encode: (result, modelName) => encodeResponse(result, { request: { ...request, store: false }, id: newId('resp'), modelName, origins, keepReasoning }),
    };
  },
};

/** A job's request, as its endpoint validated it. */
export type JobRequest = ChatRequest | ResponsesRequest;
/** A job's answer, in its endpoint's shape. */
export type JobResult = ChatCompletion | ResponseObject;

export const JOB_ENDPOINTS = { '/v1/chat/completions': chatCompletions, '/v1/responses': responses } as const;
export type JobEndpointPath = keyof typeof JOB_ENDPOINTS;
/** Jobs name no endpoint unless they use another: records from before there was a choice are chat. */
export const DEFAULT_JOB_ENDPOINT: JobEndpointPath = '/v1/chat/completions';

export const isJobEndpoint = (value: unknown): value is JobEndpointPath => typeof value === 'string' && Object.hasOwn(JOB_ENDPOINTS, value);

interface JobAsked {
  endpoint?: JobEndpointPath;
  request: JobRequest;
}

/** The job's body read by its endpoint: the call, and its answer's encoder. The record's endpoint says which shape the request has. */
export function openJob(job: JobAsked): { call: Call; encode(result: CallResult, modelName: ModelName): JobResult } {
  if (job.endpoint === '/v1/responses') return responses.open(job.request as ResponsesRequest);
  return chatCompletions.open(job.request as ChatRequest);
}

/** A job's body, checked by its endpoint's rules. */
export const validateJobRequest = (endpoint: JobEndpointPath, json: unknown, at: ReadonlyArray<PropertyKey>): JobRequest => JOB_ENDPOINTS[endpoint].validate(json, at);
