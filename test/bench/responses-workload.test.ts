/**
 * The overhead benchmark's Responses rows: the fake OpenAI answers `/v1/responses` as OpenAI does
 * (the official SDK reads it whole), and the load generator counts a Responses stream complete
 * only at response.completed.
 */
import OpenAI from 'openai';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_TEXT, ANSWER_TOKENS } from '../../bench/bench-answer.ts';
import { send } from '../../bench/load.ts';
import { responseBody, responseFrames } from '../../bench/responses-answer.ts';
import { responsesWorkload } from '../../bench/workloads.ts';
import { startFakeUpstream, type FakeReply, type FakeUpstream, type RecordedRequest } from '../support/fake-upstream.ts';

const WORKLOAD = responsesWorkload('openai/gpt-4o-mini');

function responsesAnswer(request: RecordedRequest): FakeReply {
  const model = String(request.json.model);
  return request.json.stream === true ? { chunks: responseFrames(model) } : { json: JSON.parse(responseBody(model)) };
}

/** The same, with every stream cut before its response.completed. */
function cutBeforeCompleted(request: RecordedRequest): FakeReply {
  return request.json.stream === true ? { chunks: responseFrames(String(request.json.model)).slice(0, -1) } : responsesAnswer(request);
}

describe('the fake OpenAI on /v1/responses', () => {
  let fake: FakeUpstream;
  let cut: FakeUpstream;
  beforeAll(async () => {
    [fake, cut] = await Promise.all([startFakeUpstream(responsesAnswer), startFakeUpstream(cutBeforeCompleted)]);
  });
  afterAll(() => Promise.all([fake.close(), cut.close()]));

  it('answers as OpenAI does, read whole by the official SDK, JSON and streamed', async () => {
    const client = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: 'sk-bench', maxRetries: 0 });
    const params = { model: 'gpt-4o-mini', input: 'Hi', max_output_tokens: 256 };
    const response = await client.responses.create(params);
    expect(response.output_text).toBe(ANSWER_TEXT);
    expect(response.status).toBe('completed');
    expect(response.usage?.output_tokens).toBe(ANSWER_TOKENS.length);

    const stream = client.responses.stream(params);
    const deltas: string[] = [];
    stream.on('response.output_text.delta', (event) => deltas.push(event.delta));
    const streamed = await stream.finalResponse();
    expect(deltas).toEqual(ANSWER_TOKENS);
    expect(streamed.output_text).toBe(ANSWER_TEXT);
    expect(streamed.usage?.output_tokens).toBe(ANSWER_TOKENS.length);
  });

  it('passes the bench’s own check, which a stream cut before response.completed fails', async () => {
    await WORKLOAD.verify(fake.url, 'whole');
    await expect(WORKLOAD.verify(cut.url, 'cut')).rejects.toThrow('does not run from response.created to response.completed');
  });

  it('is counted complete by the load generator at response.completed only', async () => {
    const [whole, cutShort] = [new Pool(fake.url, { connections: 1 }), new Pool(cut.url, { connections: 1 })];
    try {
      expect(await send(whole, WORKLOAD.stream)).toMatchObject({ ok: true, status: 200 });
      expect(await send(cutShort, WORKLOAD.stream)).toMatchObject({ ok: false, status: 200, error: 'stream ended without event: response.completed\n' });
    } finally {
      await Promise.all([whole.close(), cutShort.close()]);
    }
  });
});
