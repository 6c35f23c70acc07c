/**
 * One request of each kind before any load: a target that does not hand back the fake
 * upstream's answer intact (content, usage, the stream's end) stops the benchmark instead of being timed.
 */
import { ANSWER_TEXT } from './bench-answer.ts';
import type { RequestSpec } from './load.ts';

interface CompletionShape {
  object?: string;
  choices?: Array<{ message?: { content?: string }; delta?: { content?: string }; finish_reason?: string | null }>;
  usage?: { total_tokens?: number } | null;
}

interface MessageShape {
  type?: string;
  content?: Array<{ type?: string; text?: string }>;
  stop_reason?: string | null;
  usage?: { output_tokens?: number };
}

interface MessageEventShape {
  type?: string;
  delta?: { type?: string; text?: string; stop_reason?: string | null };
  usage?: { output_tokens?: number };
}

interface ResponseShape {
  object?: string;
  status?: string;
  output?: Array<{ type?: string; content?: Array<{ type?: string; text?: string }> }>;
  usage?: { output_tokens?: number } | null;
}

interface ResponseEventShape {
  type?: string;
  sequence_number?: number;
  delta?: string;
  response?: ResponseShape;
}

type Fail = (why: string) => never;

const failer =
  (url: string, label: string): Fail =>
  (why) => {
    throw new Error(`${label} (${url}) does not answer as expected: ${why}`);
  };

async function post(url: string, spec: RequestSpec): Promise<Response> {
  return fetch(`${url}${spec.path}`, { method: 'POST', headers: spec.headers, body: spec.body });
}

/** The `data` of each server-sent event, with its `event` name when it has one. */
const sseEvents = (text: string) =>
  text
    .split('\n\n')
    .filter((event) => event.trim() !== '')
    .map((event) => {
      const lines = event.split('\n');
      return {
        event: lines.find((line) => line.startsWith('event: '))?.slice('event: '.length),
        data: lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice('data: '.length)).join('\n'),
      };
    });

export async function verifyChatTarget(url: string, json: RequestSpec, stream: RequestSpec, label: string): Promise<void> {
  const fail: Fail = failer(url, label);
  const response = await post(url, json);
  const completion = (await response.json()) as CompletionShape;
  if (response.status !== 200) fail(`JSON request got HTTP ${response.status}: ${JSON.stringify(completion)}`);
  if (completion.object !== 'chat.completion') fail(`JSON answer is a ${completion.object}`);
  if (completion.choices?.[0]?.message?.content !== ANSWER_TEXT) fail('JSON answer text differs');
  if (!completion.usage?.total_tokens) fail('JSON answer has no usage');

  const streamed = await post(url, stream);
  const text = await streamed.text();
  if (streamed.status !== 200) fail(`streaming request got HTTP ${streamed.status}: ${text}`);
  const events = sseEvents(text).map((event) => event.data);
  if (events.at(-1) !== '[DONE]') fail('stream does not end with [DONE]');
  const chunks = events.slice(0, -1).map((event) => JSON.parse(event) as CompletionShape);
  const content = chunks.map((chunk) => chunk.choices?.[0]?.delta?.content ?? '').join('');
  if (content !== ANSWER_TEXT) fail(`streamed text differs: ${JSON.stringify(content)}`);
  if (!chunks.some((chunk) => chunk.choices?.[0]?.finish_reason === 'stop')) fail('stream has no finish_reason');
  if (!chunks.at(-1)?.usage?.total_tokens) fail('stream has no usage chunk');
}

export async function verifyMessagesTarget(url: string, json: RequestSpec, stream: RequestSpec, label: string): Promise<void> {
  const fail: Fail = failer(url, label);
  const response = await post(url, json);
  const message = (await response.json()) as MessageShape;
  if (response.status !== 200) fail(`JSON request got HTTP ${response.status}: ${JSON.stringify(message)}`);
  if (message.type !== 'message') fail(`JSON answer is a ${message.type}`);
  if (message.content?.length !== 1 || message.content[0]?.text !== ANSWER_TEXT) fail(`JSON answer content differs: ${JSON.stringify(message.content)}`);
  if (message.stop_reason !== 'end_turn') fail(`JSON answer stopped for ${message.stop_reason}`);
  if (!message.usage?.output_tokens) fail('JSON answer has no usage');

  const streamed = await post(url, stream);
  const text = await streamed.text();
  if (streamed.status !== 200) fail(`streaming request got HTTP ${streamed.status}: ${text}`);
  const events = sseEvents(text).map(({ event, data }) => ({ name: event, ...(JSON.parse(data) as MessageEventShape) }));
  if (events.some((event) => event.name !== event.type)) fail('an event is not named after its type');
  if (events[0]?.type !== 'message_start' || events.at(-1)?.type !== 'message_stop') fail('stream does not run from message_start to message_stop');
  const content = events.map((event) => (event.type === 'content_block_delta' && event.delta?.type === 'text_delta' ? (event.delta.text ?? '') : '')).join('');
  if (content !== ANSWER_TEXT) fail(`streamed text differs: ${JSON.stringify(content)}`);
  const end = events.find((event) => event.type === 'message_delta');
  if (end?.delta?.stop_reason !== 'end_turn') fail(`stream stopped for ${end?.delta?.stop_reason}`);
  if (!end.usage?.output_tokens) fail('stream has no usage in message_delta');
}

export async function verifyResponsesTarget(url: string, json: RequestSpec, stream: RequestSpec, label: string): Promise<void> {
  const fail: Fail = failer(url, label);
  const textOf = (response: ResponseShape | undefined) =>
    (response?.output ?? []).flatMap((item) => (item.type === 'message' ? (item.content ?? []) : [])).map((part) => (part.type === 'output_text' ? (part.text ?? '') : '')).join('');
  const response = await post(url, json);
  const answer = (await response.json()) as ResponseShape;
  if (response.status !== 200) fail(`JSON request got HTTP ${response.status}: ${JSON.stringify(answer)}`);
  if (answer.object !== 'response' || answer.status !== 'completed') fail(`JSON answer is a ${answer.object}, ${answer.status}`);
  if (textOf(answer) !== ANSWER_TEXT) fail(`JSON answer text differs: ${JSON.stringify(answer.output)}`);
  if (!answer.usage?.output_tokens) fail('JSON answer has no usage');

  const streamed = await post(url, stream);
  const text = await streamed.text();
  if (streamed.status !== 200) fail(`streaming request got HTTP ${streamed.status}: ${text}`);
  const events = sseEvents(text).map(({ event, data }) => ({ name: event, ...(JSON.parse(data) as ResponseEventShape) }));
  if (events.some((event) => event.name !== undefined && event.name !== event.type)) fail('an event is not named after its type');
  if (events.some((event, index) => event.sequence_number !== (events[0]?.sequence_number ?? 0) + index)) fail('sequence numbers do not run one by one');
  if (events[0]?.type !== 'response.created' || events.at(-1)?.type !== 'response.completed') fail('stream does not run from response.created to response.completed');
  const content = events.map((event) => (event.type === 'response.output_text.delta' ? (event.delta ?? '') : '')).join('');
  if (content !== ANSWER_TEXT) fail(`streamed text differs: ${JSON.stringify(content)}`);
  const completed = events.at(-1)?.response;
  if (textOf(completed) !== ANSWER_TEXT) fail('response.completed does not carry the answer');
  if (!completed?.usage?.output_tokens) fail('stream has no usage in response.completed');
}
