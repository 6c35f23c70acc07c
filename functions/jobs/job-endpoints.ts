/**
 * The APIs a job's body may be written in, and what the jobs code asks of each: checking a body
 * as that API's endpoint does, reading it into a call, and writing the finished answer back in the
 * same API. The worker and the poller go through here, so a job answers in the API it was asked in.
 */
import type { Call } from '../core/call.ts';
import type { CallResult } from '../core/collect-result.ts';
import type { ChatRequest } from '../ingress/openai-chat/chat-request-schema.ts';
import { decodeChatRequest } from '../ingress/openai-chat/decode.ts';
import { encodeFinal, type ChatCompletion } from '../ingress/openai-chat/encode-final.ts';
import { validateChatRequest } from '../ingress/openai-chat/parse-chat-request.ts';
import { DEFAULT_ROUTING_PREFERENCES } from '../routing/routing-preferences.ts';

interface JobEndpoint<Request, Result> {
  /** A job's body as the endpoint validates it: a 400 naming the field, `at` where the body sits (`requests[3]`). */
  validate(json: unknown, at: ReadonlyArray<PropertyKey>): Request;
  /** The body as a call. The worker routes by the job's record, so the caller's routing preferences are not in it. */
  decode(request: Request): Call;
  /** The finished answer in the endpoint's own shape. */
  encode(result: CallResult, modelName: (upstreamModel: string) => string): Result;
}

const chatCompletions: JobEndpoint<ChatRequest, ChatCompletion> = {
  validate: validateChatRequest,
  decode: (request) => decodeChatRequest(request, DEFAULT_ROUTING_PREFERENCES),
  encode: encodeFinal,
};

/** A job's request, as its endpoint validated it. */
export type JobRequest = ChatRequest;
/** A job's answer, in its endpoint's shape. */
export type JobResult = ChatCompletion;

export const JOB_ENDPOINTS = { '/v1/chat/completions': chatCompletions } as const;
export type JobEndpointPath = keyof typeof JOB_ENDPOINTS;
/** Jobs name no endpoint unless they use another: records from before there was a choice are chat. */
export const DEFAULT_JOB_ENDPOINT: JobEndpointPath = '/v1/chat/completions';

interface JobAsked {
  endpoint?: JobEndpointPath;
  request: JobRequest;
}

/** The job's body as a call, read by its endpoint. */
export const jobCall = (job: JobAsked): Call => JOB_ENDPOINTS[job.endpoint ?? DEFAULT_JOB_ENDPOINT].decode(job.request);

/** A finished answer in the API the job was asked in. */
export const encodeJobResult = (job: Pick<JobAsked, 'endpoint'>, result: CallResult, modelName: (upstreamModel: string) => string): JobResult =>
  JOB_ENDPOINTS[job.endpoint ?? DEFAULT_JOB_ENDPOINT].encode(result, modelName);
