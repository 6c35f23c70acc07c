/**
 * One fake upstream playing several providers at once, told apart by path, each replaying its
 * recorded answer unless a test degrades it on command (fails, rate-limits, slows down, cuts).
 */
import type { FakeHandler, FakeReply, RecordedRequest } from './fake-upstream.ts';
import { readRecordedJson, recordedSseBody } from './recorded.ts';

export type FakeProvider = 'openai' | 'gemini' | 'anthropic' | 'mistral';

/** What a provider does with the next requests; `ok` replays its recorded answer. */
export type Behaviour =
  | { kind: 'ok'; delayMs?: number; json?: unknown }
  | { kind: 'status'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'cut' };

export function providerOf(request: RecordedRequest): FakeProvider {
  if (request.url.startsWith('/mistral/')) return 'mistral';
  if (request.url.startsWith('/v1/messages')) return 'anthropic';
  if (request.url.startsWith('/v1beta/')) return 'gemini';
  return 'openai';
}

const RECORDED = {
  openai: ['openai', 'openai-text'],
  gemini: ['gemini', 'google-text'],
  anthropic: ['anthropic', 'anthropic-text'],
  mistral: ['mistral', 'mistral-text'],
} as const;

/** OpenAI answers its Responses API (`POST /v1/responses`) in that API's shape. */
const recordingFor = (provider: FakeProvider, request: RecordedRequest) =>
  provider === 'openai' && request.url.startsWith('/v1/responses') ? (['openai', 'responses-phase'] as const) : RECORDED[provider];

/** A gateway's environment with the four providers pointed at the router served on `url`. */
export const providerRouterEnv = (url: string): Record<string, string> => ({
  OPENAI_API_KEY: 'sk-openai',
  OPENAI_BASE_URL: `${url}/v1`,
  GEMINI_API_KEY: 'gemini-key',
  GEMINI_BASE_URL: url,
  ANTHROPIC_API_KEY: 'sk-ant',
  ANTHROPIC_BASE_URL: url,
  MISTRAL_API_KEY: 'mistral-key',
  MISTRAL_BASE_URL: `${url}/mistral/v1`,
});

export function createProviderRouter() {
  const behaviours = new Map<FakeProvider, Behaviour | ((request: RecordedRequest) => Behaviour)>();
  const handler: FakeHandler = async (request) => {
    const provider = providerOf(request);
    const configured = behaviours.get(provider) ?? { kind: 'ok' };
    const behaviour = typeof configured === 'function' ? configured(request) : configured;
    const streaming = request.json.stream === true || request.url.includes('streamGenerateContent');
    const [folder, name] = recordingFor(provider, request);
    if (behaviour.kind === 'status') return { status: behaviour.status, json: behaviour.body, ...(behaviour.headers ? { headers: behaviour.headers } : {}) };
    if (behaviour.kind === 'cut') {
      const frames = recordedSseBody(folder, name).split('\n\n').filter(Boolean);
      return { chunks: frames.slice(0, 3).map((frame) => `${frame}\n\n`), destroyAfter: true };
    }
    if (behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    const reply: FakeReply = streaming ? { chunks: [recordedSseBody(folder, name)] } : { json: behaviour.json ?? readRecordedJson(folder, name) };
    return reply;
  };
  return {
    handler,
    set(provider: FakeProvider, behaviour: Behaviour | ((request: RecordedRequest) => Behaviour)) {
      behaviours.set(provider, behaviour);
    },
    reset() {
      behaviours.clear();
    },
  };
}

/** The providers' own error bodies for an overload and a rate limit. */
export const OVERLOADED: Record<FakeProvider, unknown> = {
  openai: { error: { message: 'The server is overloaded', type: 'server_error', param: null, code: null } },
  gemini: { error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } },
  anthropic: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
  mistral: { object: 'error', message: 'Service unavailable', type: 'service_unavailable', code: '503' },
};

/**
 * Gemini's 429 when a per-minute quota is spent, in the shape its API answers it: no
 * `retry-after` header, the wait (here 34.4 s) in a `RetryInfo` detail beside the `QuotaFailure`.
 */
export const GEMINI_QUOTA_EXCEEDED = {
  error: {
    code: 429,
    message: 'You exceeded your current quota, please check your plan and billing details.',
    status: 'RESOURCE_EXHAUSTED',
    details: [
      {
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' }],
      },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '34.4s' },
    ],
  },
};
