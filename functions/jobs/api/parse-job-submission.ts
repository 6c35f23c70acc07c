/**
 * The body of POST /v1/jobs into the jobs to create, or a 400 naming the field the way the chat
 * endpoint does (`deadline`, `requests[3].messages[0].content`). One job is a chat completion
 * request (or, with `endpoint: "/v1/responses"`, a Responses request) plus `deadline`, `metadata` and
 * `callback_url`; a batch is `{"requests": [job, ...]}`.
 * Every entry is checked before anything is created: one bad entry refuses the whole batch.
 */
import { invalidRequest } from '../../core/call-error.ts';
import { parseJsonObject } from '../../http/parse-json-object.ts';
import { formatPath } from '../../http/validation-issue.ts';
import { callbackUrlProblem } from '../delivery/callback-url.ts';
import { DEFAULT_JOB_ENDPOINT, isJobEndpoint, JOB_ENDPOINTS, validateJobRequest, type JobEndpointPath, type JobRequest } from '../job-endpoints.ts';

export interface JobSubmission {
  /** Absent for chat completions, the default. */
  endpoint?: JobEndpointPath;
  request: JobRequest;
  /** Epoch ms. */
  deadlineAt: number;
  metadata?: Record<string, string>;
  callbackUrl?: string;
}

export interface ParsedSubmission {
  /** A `requests` list (answered as a list), or one job. */
  batch: boolean;
  entries: JobSubmission[];
  /** The body as parsed and written again: what an idempotency key's body hash is taken of. */
  canonical: string;
}

export interface SubmissionRules {
  /** Epoch ms, for deadlines given in seconds from now. */
  now: number;
  /** Callbacks to loopback (`127.0.0.1`, `localhost`, `[::1]`), over http too: development and tests only. */
  allowLoopbackCallbacks: boolean;
  /** False when the gateway cannot sign callbacks: a `callback_url` would never be called, so it is refused. */
  signsCallbacks: boolean;
}

/** A deadline, from now: a minute at least (time to run), a day at most. */
export const MIN_DEADLINE_SECONDS = 60;
export const MAX_DEADLINE_SECONDS = 86_400;
export const MAX_BATCH_REQUESTS = 1_000;
/** OpenAI's bounds for metadata. */
export const MAX_METADATA_KEYS = 16;
const MAX_METADATA_KEY_LENGTH = 64;
const MAX_METADATA_VALUE_LENGTH = 512;
const MAX_CALLBACK_URL_LENGTH = 2_048;
/** A job record holds its request in one DynamoDB item (400 KB), with room for the rest of the record. */
export const MAX_JOB_REQUEST_BYTES = 256 * 1024;

const JOB_FIELDS = new Set(['deadline', 'metadata', 'callback_url', 'endpoint']);
const RFC_3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

export function parseJobSubmission(body: string, rules: SubmissionRules): ParsedSubmission {
  const json = parseJsonObject(body);
  const canonical = JSON.stringify(json);
  if (!('requests' in json)) return { batch: false, entries: [parseEntry(json, [], rules)], canonical };

  for (const key of Object.keys(json)) {
    if (key !== 'requests') throw invalidRequest(`Unknown parameter: '${key}'. A batch is {"requests": [...]}, each entry a whole job with its own deadline.`, key, 'unknown_parameter');
  }
  const { requests } = json;
  if (!Array.isArray(requests)) throw invalidRequest(`Invalid type for 'requests': expected an array of jobs, got ${describe(requests)}.`, 'requests', 'invalid_type');
  if (requests.length === 0 || requests.length > MAX_BATCH_REQUESTS) {
    throw invalidRequest(`Invalid value for 'requests': send 1 to ${MAX_BATCH_REQUESTS} jobs, not ${requests.length}.`, 'requests', 'invalid_value');
  }
  const entries = requests.map((entry, index) => {
    const at = ['requests', index];
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw invalidRequest(`Invalid type for '${formatPath(at)}': expected a job object, got ${describe(entry)}.`, formatPath(at), 'invalid_type');
    }
    return parseEntry(entry as Record<string, unknown>, at, rules);
  });
  return { batch: true, entries, canonical };
}

function parseEntry(json: Record<string, unknown>, at: ReadonlyArray<PropertyKey>, rules: SubmissionRules): JobSubmission {
  const param = (field: string) => formatPath([...at, field]);
  const endpoint = json.endpoint ?? DEFAULT_JOB_ENDPOINT;
  if (!isJobEndpoint(endpoint)) {
    const accepted = Object.keys(JOB_ENDPOINTS).map((path) => JSON.stringify(path)).join(' or ');
    throw invalidRequest(`Invalid value for '${param('endpoint')}': expected ${accepted}, got ${JSON.stringify(endpoint)}.`, param('endpoint'), 'invalid_value');
  }
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) if (!JOB_FIELDS.has(key)) body[key] = value;
  const request = validateJobRequest(endpoint, body, at);
  if (request.stream === true) {
    throw invalidRequest(`Invalid value for '${param('stream')}': a job's answer is stored whole, not streamed; leave stream out.`, param('stream'), 'invalid_value');
  }
  if (Buffer.byteLength(JSON.stringify(request)) > MAX_JOB_REQUEST_BYTES) {
    throw invalidRequest(
      `The request${at.length > 0 ? ` '${formatPath(at)}'` : ''} is larger than a job can hold (${MAX_JOB_REQUEST_BYTES / 1024} KB); send it to ${endpoint} instead.`,
      at.length > 0 ? formatPath(at) : endpoint === '/v1/responses' ? 'input' : 'messages',
      'request_too_large',
    );
  }
  const metadata = parseMetadata(json.metadata, param('metadata'));
  const callbackUrl = parseCallbackUrl(json.callback_url, param('callback_url'), rules);
  return {
    ...(endpoint === DEFAULT_JOB_ENDPOINT ? {} : { endpoint }),
    request,
    deadlineAt: parseDeadline(json.deadline, param('deadline'), rules.now),
    ...(metadata ? { metadata } : {}),
    ...(callbackUrl ? { callbackUrl } : {}),
  };
}

/** Seconds from now (an integer), or an RFC 3339 time; either way from a minute to a day ahead. */
export function parseDeadline(value: unknown, param: string, now: number): number {
  const range = `from ${MIN_DEADLINE_SECONDS} seconds to ${MAX_DEADLINE_SECONDS} seconds (24 hours) from now`;
  if (value === undefined) {
    throw invalidRequest(`Missing required parameter: '${param}' (how long you can wait: seconds from now, or an RFC 3339 time, ${range}).`, param, 'missing_required_parameter');
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < MIN_DEADLINE_SECONDS || value > MAX_DEADLINE_SECONDS) {
      throw invalidRequest(`Invalid value for '${param}': ${value} is not a whole number of seconds ${range}.`, param, 'invalid_value');
    }
    return now + value * 1000;
  }
  if (typeof value === 'string') {
    const at = RFC_3339.test(value) ? Date.parse(value) : Number.NaN;
    // The example is an hour from the request, so a client that copies it gets a valid deadline.
    const example = new Date(Math.floor(now / 1000) * 1000 + 3_600_000).toISOString().replace('.000Z', 'Z');
    if (Number.isNaN(at)) throw invalidRequest(`Invalid value for '${param}': ${JSON.stringify(value)} is not an RFC 3339 time such as "${example}".`, param, 'invalid_value');
    const ahead = (at - now) / 1000;
    if (ahead < MIN_DEADLINE_SECONDS || ahead > MAX_DEADLINE_SECONDS) {
      throw invalidRequest(`Invalid value for '${param}': ${value} is not ${range}.`, param, 'invalid_value');
    }
    return at;
  }
  throw invalidRequest(`Invalid type for '${param}': expected an integer number of seconds or an RFC 3339 time, got ${describe(value)}.`, param, 'invalid_type');
}

function parseMetadata(value: unknown, param: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw invalidRequest(`Invalid type for '${param}': expected an object of strings, got ${describe(value)}.`, param, 'invalid_type');
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_METADATA_KEYS) throw invalidRequest(`Invalid value for '${param}': at most ${MAX_METADATA_KEYS} keys, not ${entries.length}.`, param, 'invalid_value');
  for (const [key, item] of entries) {
    if (key.length === 0 || key.length > MAX_METADATA_KEY_LENGTH) {
      throw invalidRequest(`Invalid value for '${param}': keys are 1 to ${MAX_METADATA_KEY_LENGTH} characters; ${JSON.stringify(key.slice(0, 80))} is not.`, param, 'invalid_value');
    }
    const where = `${param}.${key}`;
    if (typeof item !== 'string') throw invalidRequest(`Invalid type for '${where}': expected a string, got ${describe(item)}.`, where, 'invalid_type');
    if (item.length > MAX_METADATA_VALUE_LENGTH) throw invalidRequest(`Invalid value for '${where}': at most ${MAX_METADATA_VALUE_LENGTH} characters, not ${item.length}.`, where, 'invalid_value');
  }
  return entries.length === 0 ? undefined : (value as Record<string, string>);
}

/** A URL callbacks may go to (callback-url.ts): https (it carries the result), to no private or loopback host. */
function parseCallbackUrl(value: unknown, param: string, rules: SubmissionRules): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`Invalid type for '${param}': expected a URL string, got ${describe(value)}.`, param, 'invalid_type');
  if (!rules.signsCallbacks) {
    throw invalidRequest(
      `'${param}' cannot be used on this gateway: callbacks are signed with SWITCHYARD_CALLBACK_SECRET, which its operator has not set. Poll GET /v1/jobs/{id} instead.`,
      param,
      'callbacks_unavailable',
    );
  }
  let url: URL | undefined;
  try {
    url = value.length <= MAX_CALLBACK_URL_LENGTH ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  if (!url) throw invalidRequest(`Invalid value for '${param}': expected an absolute https URL of at most ${MAX_CALLBACK_URL_LENGTH} characters.`, param, 'invalid_value');
  const problem = callbackUrlProblem(url, { allowLoopback: rules.allowLoopbackCallbacks });
  if (problem) throw invalidRequest(`Invalid value for '${param}': ${problem}.`, param, 'invalid_value');
  return url.href;
}

const describe = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'number' || typeof value === 'boolean' ? String(value) : typeof value;
