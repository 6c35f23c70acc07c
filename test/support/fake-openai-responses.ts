/**
 * OpenAI's `POST /v1/responses` for a fake upstream (fake-upstream.ts records what it received;
 * `upstream.reply((request) => responsesReply(request, answer))`): a Response object answering the
 * request, or its stream, event by event as the API reference's streaming events have it
 * (node_modules/openai's resources/responses/responses.d.ts), each framed `event: <type>` then
 * `data: <json>` as OpenAI frames them. A text answer, or a function call for tool round trips;
 * either after a reasoning item; incomplete, or cut short, when asked.
 */
import type { FakeReply, RecordedRequest } from './fake-upstream.ts';

export interface FakeReasoning {
  summary: string;
  /** Sent only when the request asks for it (`include: ["reasoning.encrypted_content"]`), as OpenAI does. */
  encryptedContent: string;
}

export type FakeResponsesAnswer =
  | { kind: 'text'; text: string; reasoning?: FakeReasoning; incomplete?: 'max_output_tokens' | 'content_filter' }
  | { kind: 'function_call'; name: string; arguments: string; callId: string; reasoning?: FakeReasoning };

const FAKE_RESPONSES_TEXT: FakeResponsesAnswer = { kind: 'text', text: 'Hello! How can I help you today?' };

const FAKE_RESPONSES_USAGE = {
  input_tokens: 31,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: 9,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: 40,
};

const CREATED_AT = 1_770_000_000;

type Json = Record<string, unknown>;

const asked = (request: RecordedRequest, include: string) => Array.isArray(request.json.include) && request.json.include.includes(include);

/** Log-probabilities are returned when asked, OpenAI's way (`include`) or xAI's (`logprobs: true`). */
const wantsLogprobs = (request: RecordedRequest) => asked(request, 'message.output_text.logprobs') || request.json.logprobs === true;

/** The text in the pieces its deltas carry: a word and the space after it. */
const pieces = (text: string): string[] => text.match(/\S+\s*|\s+/g) ?? [];

const logprobsOf = (text: string) =>
  pieces(text).map((token) => ({ token, bytes: [...Buffer.from(token)], logprob: -0.01, top_logprobs: [] }));

function outputItems(request: RecordedRequest, answer: FakeResponsesAnswer): Json[] {
  const items: Json[] = [];
  if (answer.reasoning) {
    items.push({
      id: 'rs_fake_1',
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: answer.reasoning.summary }],
      ...(asked(request, 'reasoning.encrypted_content') && { encrypted_content: answer.reasoning.encryptedContent }),
    });
  }
  if (answer.kind === 'text') {
    const part = { type: 'output_text', annotations: [], logprobs: wantsLogprobs(request) ? logprobsOf(answer.text) : [], text: answer.text };
    items.push({ id: 'msg_fake_1', type: 'message', status: answer.incomplete ? 'incomplete' : 'completed', content: [part], role: 'assistant' });
  } else {
    items.push({ id: 'fc_fake_1', type: 'function_call', status: 'completed', arguments: answer.arguments, call_id: answer.callId, name: answer.name });
  }
  return items;
}

/** The Response object a non-streaming request is answered with, echoing the request's settings as OpenAI does. */
export function fakeResponse(request: RecordedRequest, answer: FakeResponsesAnswer = FAKE_RESPONSES_TEXT): Json {
  const body = request.json;
  const incomplete = answer.kind === 'text' ? answer.incomplete : undefined;
  return {
    id: 'resp_fake_1',
    object: 'response',
    created_at: CREATED_AT,
    status: incomplete ? 'incomplete' : 'completed',
    background: false,
    error: null,
    incomplete_details: incomplete ? { reason: incomplete } : null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    max_tool_calls: null,
    model: body.model,
    output: outputItems(request, answer),
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null, ...(body.reasoning as Json | undefined) },
    service_tier: body.service_tier === 'flex' ? 'flex' : 'default',
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: body.text ?? { format: { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_logprobs: body.top_logprobs ?? 0,
    top_p: body.top_p ?? 1,
    truncation: 'disabled',
    usage: FAKE_RESPONSES_USAGE,
    user: null,
    metadata: body.metadata ?? {},
  };
}

/** An output item as `response.output_item.added` shows it: in progress, its content still to come. */
function addedItem(item: Json): Json {
  switch (item.type) {
    case 'message':
      return { ...item, status: 'in_progress', content: [] };
    case 'function_call':
      return { ...item, status: 'in_progress', arguments: '' };
    default:
      return { id: item.id, type: item.type, summary: [] };
  }
}

/** The events of one output item, from its `output_item.added` to its `output_item.done`. */
function itemEvents(item: Json, outputIndex: number): Json[] {
  const at = { item_id: item.id, output_index: outputIndex };
  const events: Json[] = [{ type: 'response.output_item.added', output_index: outputIndex, item: addedItem(item) }];
  if (item.type === 'message') {
    const part = (item.content as Json[])[0]!;
    const text = part.text as string;
    const logprobs = part.logprobs as Json[];
    events.push({ type: 'response.content_part.added', ...at, content_index: 0, part: { ...part, text: '', logprobs: [] } });
    let token = 0;
    for (const delta of pieces(text)) {
      events.push({ type: 'response.output_text.delta', ...at, content_index: 0, delta, logprobs: logprobs.length > 0 ? [logprobs[token++]] : [] });
    }
    events.push({ type: 'response.output_text.done', ...at, content_index: 0, text, logprobs });
    events.push({ type: 'response.content_part.done', ...at, content_index: 0, part });
  } else if (item.type === 'function_call') {
    const args = item.arguments as string;
    for (let start = 0; start < args.length; start += 8) events.push({ type: 'response.function_call_arguments.delta', ...at, delta: args.slice(start, start + 8) });
    events.push({ type: 'response.function_call_arguments.done', ...at, arguments: args });
  } else if (item.type === 'reasoning') {
    const part = (item.summary as Json[])[0]!;
    events.push({ type: 'response.reasoning_summary_part.added', ...at, summary_index: 0, part: { ...part, text: '' } });
    for (const delta of pieces(part.text as string)) events.push({ type: 'response.reasoning_summary_text.delta', ...at, summary_index: 0, delta });
    events.push({ type: 'response.reasoning_summary_text.done', ...at, summary_index: 0, text: part.text });
    events.push({ type: 'response.reasoning_summary_part.done', ...at, summary_index: 0, part });
  }
  events.push({ type: 'response.output_item.done', output_index: outputIndex, item });
  return events;
}

/** The stream's events for a response, numbered: created, in progress, each output item, and how it ended. */
export function fakeResponseEvents(response: Json): Json[] {
  const running = { ...response, status: 'in_progress', incomplete_details: null, output: [], usage: null };
  const events: Json[] = [
    { type: 'response.created', response: running },
    { type: 'response.in_progress', response: running },
    ...(response.output as Json[]).flatMap(itemEvents),
    { type: response.status === 'incomplete' ? 'response.incomplete' : 'response.completed', response },
  ];
  return events.map((event, sequence) => ({ ...event, sequence_number: sequence }));
}

/** One event as OpenAI frames it. */
export const responsesFrame = (event: Json): string => `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`;

/**
 * A fake upstream's answer to `POST /v1/responses`, streaming or not as the request asks. `cutAfter`
 * ends the connection after that many events, as a provider failing mid-stream does.
 */
export function responsesReply(request: RecordedRequest, answer: FakeResponsesAnswer = FAKE_RESPONSES_TEXT, cutAfter?: number): FakeReply {
  const response = fakeResponse(request, answer);
  if (request.json.stream !== true) return { json: response };
  const frames = fakeResponseEvents(response).map(responsesFrame);
  return cutAfter === undefined ? { chunks: frames } : { chunks: frames.slice(0, cutAfter), destroyAfter: true };
}
