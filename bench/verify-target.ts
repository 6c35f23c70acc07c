/**
 * One request of each kind before any load: a target that does not hand back the fake
 * upstream's answer intact (content, usage, `[DONE]`) stops the benchmark instead of being timed.
 */
import { ANSWER_TEXT } from './bench-answer.ts';
import type { RequestSpec } from './load.ts';

interface CompletionShape {
  object?: string;
  choices?: Array<{ message?: { content?: string }; delta?: { content?: string }; finish_reason?: string | null }>;
  usage?: { total_tokens?: number } | null;
}

export async function verifyTarget(url: string, json: RequestSpec, stream: RequestSpec, label: string): Promise<void> {
  const fail = (why: string): never => {
    throw new Error(`${label} (${url}) does not answer as expected: ${why}`);
  };

  const response = await fetch(`${url}${json.path}`, { method: 'POST', headers: json.headers, body: json.body });
  const completion = (await response.json()) as CompletionShape;
  if (response.status !== 200) fail(`JSON request got HTTP ${response.status}: ${JSON.stringify(completion)}`);
  if (completion.object !== 'chat.completion') fail(`JSON answer is a ${completion.object}`);
  if (completion.choices?.[0]?.message?.content !== ANSWER_TEXT) fail('JSON answer text differs');
  if (!completion.usage?.total_tokens) fail('JSON answer has no usage');

  const streamed = await fetch(`${url}${stream.path}`, { method: 'POST', headers: stream.headers, body: stream.body });
  const text = await streamed.text();
  if (streamed.status !== 200) fail(`streaming request got HTTP ${streamed.status}: ${text}`);
  const events = text.split('\n\n').filter((event) => event.startsWith('data: ')).map((event) => event.slice('data: '.length));
  if (events.at(-1) !== '[DONE]') fail('stream does not end with [DONE]');
  const chunks = events.slice(0, -1).map((event) => JSON.parse(event) as CompletionShape);
  const content = chunks.map((chunk) => chunk.choices?.[0]?.delta?.content ?? '').join('');
  if (content !== ANSWER_TEXT) fail(`streamed text differs: ${JSON.stringify(content)}`);
  if (!chunks.some((chunk) => chunk.choices?.[0]?.finish_reason === 'stop')) fail('stream has no finish_reason');
  if (!chunks.at(-1)?.usage?.total_tokens) fail('stream has no usage chunk');
}
