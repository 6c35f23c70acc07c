/**
 * The traffic: a documented mix of request kinds, each with its sizes, tools, streaming, the
 * models callers ask for and the SLAs they set. Requests are made as real ChatRequest objects
 * (built when they arrive, from a per-request seed, so an hour of long documents never sits in
 * memory) so that the real token estimate, capability filter and complexity score run on them.
 */
import type { ChatMessage, ChatRequest, ChatTool } from '../../functions/ingress/openai-chat/chat-request-schema.ts';
import type { Criticality, RoutingPreferences } from '../../functions/routing/routing-preferences.ts';
import { between, keyedRandom, lognormal, mulberry32, weighted, type Random } from './prng.ts';
import { codeSnippet, longDocument, paragraph, prose, question, sentence } from './synthetic-text.ts';
import { RUN } from './world.ts';

type Sla = { weight: number; maxFirstTokenMs?: number; maxLatencyMs?: number };

interface RequestKind {
  /** Share of all requests. */
  share: number;
  /** Prompt size in tokens, drawn log-uniformly between the bounds. */
  promptTokens: readonly [number, number];
  /** Median visible answer, tokens (lognormal, p95 at 3x). */
  answerMedian: number;
  stream: boolean;
  tools: boolean;
  jsonSchema: boolean;
  models: Readonly<Record<string, number>>;
  slas: readonly Sla[];
}

/**
 * The mix. SLAs are what a caller of that kind of request would plausibly set: interactive chat
 * asks for the first token within 2.5 s; agent steps (non-streaming tool calls) want the whole
 * answer within 15 s; RAG answers within 30 s; code and long documents get minutes. About half of
 * the requests set none. Named models are only ones with equivalents at another provider.
 */
export const REQUEST_MIX = {
  criticality: { critical: 0.1, standard: 0.6, background: 0.3 } satisfies Record<Criticality, number>,
  kinds: {
    'short-chat': {
      share: 0.36, promptTokens: [20, 600], answerMedian: 150, stream: true, tools: false, jsonSchema: false,
      models: { 'switchyard/fast': 0.5, 'switchyard/auto': 0.4, 'switchyard/balanced': 0.1 },
      slas: [{ weight: 0.6, maxFirstTokenMs: 2_500 }, { weight: 0.4 }],
    },
    'rag-answer': {
      share: 0.2, promptTokens: [1_500, 9_000], answerMedian: 300, stream: true, tools: false, jsonSchema: false,
      models: { 'switchyard/balanced': 0.5, 'switchyard/auto': 0.3, 'deepseek-chat': 0.1, 'llama-3.3-70b': 0.1 },
      slas: [{ weight: 0.5, maxLatencyMs: 30_000 }, { weight: 0.5 }],
    },
    'agent-step': {
      share: 0.16, promptTokens: [800, 8_000], answerMedian: 120, stream: false, tools: true, jsonSchema: false,
      models: { 'switchyard/balanced': 0.4, 'switchyard/fast': 0.3, 'switchyard/frontier': 0.1, 'llama-3.3-70b': 0.2 },
      slas: [{ weight: 0.6, maxLatencyMs: 15_000 }, { weight: 0.4 }],
    },
    'code-task': {
      share: 0.1, promptTokens: [400, 6_000], answerMedian: 800, stream: true, tools: false, jsonSchema: false,
      models: { 'switchyard/frontier': 0.5, 'switchyard/auto': 0.5 },
      slas: [{ weight: 0.4, maxLatencyMs: 120_000 }, { weight: 0.6 }],
    },
    'long-doc': {
      share: 0.04, promptTokens: [30_000, 160_000], answerMedian: 600, stream: false, tools: false, jsonSchema: false,
      models: { 'switchyard/auto': 0.4, 'switchyard/frontier': 0.3, 'switchyard/balanced': 0.3 },
      slas: [{ weight: 0.3, maxLatencyMs: 180_000 }, { weight: 0.7 }],
    },
    extraction: {
      share: 0.14, promptTokens: [300, 3_000], answerMedian: 200, stream: false, tools: false, jsonSchema: true,
      models: { 'switchyard/fast': 0.7, 'switchyard/balanced': 0.3 },
      slas: [{ weight: 0.2, maxLatencyMs: 30_000 }, { weight: 0.8 }],
    },
  } satisfies Record<string, RequestKind>,
} as const;

export type KindName = keyof typeof REQUEST_MIX.kinds;

/** What is drawn up front for each request (small); the ChatRequest itself is built on arrival. */
export interface RequestSpec {
  id: number;
  /** Arrival, ms after the run's start. */
  offsetMs: number;
  kind: KindName;
  model: string;
  preferences: RoutingPreferences;
  promptTokens: number;
  /** The visible answer's length (the same whichever model writes it). */
  answerTokens: number;
  stream: boolean;
}

export function requestSpecs(): RequestSpec[] {
  const random = mulberry32(RUN.seed);
  const arrivals = Array.from({ length: RUN.requests }, () => random() * RUN.durationMs).sort((a, b) => a - b);
  const kinds = Object.fromEntries(Object.entries(REQUEST_MIX.kinds).map(([name, kind]) => [name, kind.share])) as Record<KindName, number>;
  return arrivals.map((offsetMs, id) => {
    const kindName = weighted(random, kinds);
    const kind: RequestKind = REQUEST_MIX.kinds[kindName];
    const [low, high] = kind.promptTokens;
    const sla = kind.slas[pickIndex(random, kind.slas.map((option) => option.weight))]!;
    const preferences: RoutingPreferences = { criticality: weighted(random, REQUEST_MIX.criticality), cascade: false };
    if (sla.maxFirstTokenMs !== undefined) preferences.maxFirstTokenMs = sla.maxFirstTokenMs;
    if (sla.maxLatencyMs !== undefined) preferences.maxLatencyMs = sla.maxLatencyMs;
    return {
      id,
      offsetMs,
      kind: kindName,
      model: weighted(random, kind.models),
      preferences,
      promptTokens: Math.round(low * (high / low) ** random()),
      answerTokens: Math.max(5, Math.round(lognormal(random, kind.answerMedian, kind.answerMedian * 3))),
      stream: kind.stream,
    };
  });
}

function pickIndex(random: Random, weights: readonly number[]): number {
  let roll = random() * weights.reduce((sum, weight) => sum + weight, 0);
  for (const [index, weight] of weights.entries()) {
    roll -= weight;
    if (roll < 0) return index;
  }
  return weights.length - 1;
}

/** The request a spec describes, the same every time it is built. */
export function buildRequest(spec: RequestSpec): ChatRequest {
  const random = keyedRandom(RUN.seed, 'body', spec.id);
  const kind: RequestKind = REQUEST_MIX.kinds[spec.kind];
  const system: ChatMessage = { role: 'system', content: `You are a helpful assistant for the ${spec.kind} team. ${sentence(random)}` };
  const messages: ChatMessage[] = [system];
  switch (spec.kind) {
    case 'short-chat': {
      const turns = between(random, 0, 2);
      for (let turn = 0; turn < turns; turn += 1) {
        messages.push({ role: 'user', content: question(random) }, { role: 'assistant', content: paragraph(random, 2) });
      }
      messages.push({ role: 'user', content: `${question(random)} ${prose(random, Math.max(5, spec.promptTokens - 40 * (turns + 1)))}` });
      break;
    }
    case 'rag-answer':
      messages.push({ role: 'user', content: `Context:\n${prose(random, spec.promptTokens)}\n\nUsing only the context, ${question(random)}` });
      break;
    case 'agent-step': {
      messages.push({ role: 'user', content: `${question(random)} ${paragraph(random)}` });
      let remaining = spec.promptTokens;
      for (let step = 0; remaining > 200; step += 1) {
        const result = prose(random, Math.min(remaining, between(random, 200, 2_000)));
        remaining -= result.length / 4.6;
        messages.push(
          { role: 'assistant', content: null, tool_calls: [{ id: `call_${step}`, type: 'function', function: { name: 'lookup', arguments: JSON.stringify({ query: sentence(random, 4) }) } }] },
          { role: 'tool', tool_call_id: `call_${step}`, content: result },
        );
      }
      break;
    }
    case 'code-task':
      messages.push({ role: 'user', content: `Refactor this and fix the bug where ${sentence(random)}\n\n${Array.from({ length: Math.max(1, Math.round(spec.promptTokens / 400)) }, () => codeSnippet(random)).join('\n\n')}` });
      break;
    case 'long-doc':
      messages.push({ role: 'user', content: `Summarize the key decisions in this document:\n\n${longDocument(random, spec.promptTokens)}` });
      break;
    case 'extraction':
      messages.push({ role: 'user', content: `Extract the fields from:\n${prose(random, spec.promptTokens)}` });
      break;
  }
  const request: ChatRequest = { model: spec.model, messages, stream: spec.stream };
  if (kind.tools) request.tools = TOOLS.slice(0, between(random, 2, TOOLS.length));
  if (kind.jsonSchema) {
    request.response_format = { type: 'json_schema', json_schema: { name: 'fields', schema: { type: 'object', properties: { name: { type: 'string' }, amount: { type: 'number' }, due: { type: 'string' } } } } };
  }
  if (random() < 0.3) request.max_completion_tokens = Math.max(64, Math.round(spec.answerTokens * (1 + random())));
  return request;
}

const tool = (name: string, description: string, properties: Record<string, unknown>): ChatTool => ({
  type: 'function',
  function: { name, description, parameters: { type: 'object', properties, required: Object.keys(properties) } },
});

const TOOLS: ChatTool[] = [
  tool('lookup', 'Search the knowledge base.', { query: { type: 'string' } }),
  tool('get_order', 'Fetch an order by id.', { id: { type: 'string' } }),
  tool('refund', 'Refund an order.', { id: { type: 'string' }, amount: { type: 'number' } }),
  tool('schedule', 'Book a slot.', { date: { type: 'string' }, minutes: { type: 'integer' } }),
  tool('send_email', 'Send an email to a customer.', { to: { type: 'string' }, subject: { type: 'string' }, body: { type: 'string' } }),
  tool('escalate', 'Hand the case to a human.', { reason: { type: 'string' } }),
];
