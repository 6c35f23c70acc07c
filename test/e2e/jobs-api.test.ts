/**
 * The asynchronous jobs API end to end: the gateway started as `npm start` starts it (embedded
 * DynamoDB and SQS, the local worker polling the jobs queue), a fake OpenAI upstream, and plain
 * `fetch` calls (the OpenAI SDK has no jobs API). Jobs are given the shortest deadline, so the
 * worker runs each as a standard call at once.
 */
import { describe, expect, it } from 'vitest';
import { responsesReply } from '../support/fake-openai-responses.ts';
import { readRecordedJson } from '../support/recorded.ts';
import { useGateway } from '../support/use-gateway.ts';
import { waitFor } from '../local/local-test-helpers.ts';

const KEY_A = 'sy-jobs-key-a';
const KEY_B = 'sy-jobs-key-b';
/** Only the list tests submit with this key, so its jobs are known. */
const KEY_LIST = 'sy-jobs-key-list';
/** Only refused submissions use this key: it must end with no jobs. */
const KEY_REFUSED = 'sy-jobs-key-refused';

const recorded = readRecordedJson('openai', 'openai-text') as { choices: Array<{ message: { content: string } }> };

/** Requests whose first message is BLOCK wait for this gate to open (the local worker runs one batch at a time). */
let openGate: () => void = () => {};
let gate: Promise<void> = Promise.resolve();
const BLOCK = 'block the worker';

const under = useGateway((url) => ({
  NODE_ENV: 'production',
  SWITCHYARD_API_KEYS: [KEY_A, KEY_B, KEY_LIST, KEY_REFUSED].join(','),
  OPENAI_API_KEY: 'sk-openai-jobs-test',
  OPENAI_BASE_URL: `${url}/v1`,
  SWITCHYARD_CALLBACK_SECRET: 'whsec-e2e-0123456789abcdef0123456789abcdef',
}));

const job = (content: string, extra: Record<string, unknown> = {}) => ({
  model: 'openai/gpt-4.1-nano',
  messages: [{ role: 'user', content }],
  deadline: 60,
  ...extra,
});

interface JobObject {
  id: string;
  object: string;
  status: string;
  created_at: number;
  deadline_at: number;
  completed_at?: number;
  model: string;
  metadata?: Record<string, string>;
  path?: string;
  result?: { object: string; choices: Array<{ message: { content: string } }> };
  error?: { message: string; code: string; status: number };
}

async function call(method: string, path: string, key: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${under.gateway.baseURL}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

const submit = (body: unknown, key = KEY_A, headers: Record<string, string> = {}) => call('POST', '/jobs', key, body, headers);

const reaches = (id: string, status: string, key = KEY_A) =>
  waitFor(async () => {
    const { body } = await call('GET', `/jobs/${id}`, key);
    return body.status === status ? (body as JobObject) : undefined;
  }, 15_000, `job ${id} to be ${status}`);

async function listAll(key: string, query: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let after: string | undefined;
  let pages = 0;
  do {
    const { status, body } = await call('GET', `/jobs?${query}${after ? `&after=${after}` : ''}`, key);
    expect(status).toBe(200);
    expect(body.object).toBe('list');
    ids.push(...(body.data as JobObject[]).map((item) => item.id));
    expect(body.has_more).toBe(body.next_cursor !== undefined);
    after = body.next_cursor as string | undefined;
    pages++;
  } while (after && pages < 20);
  return { ids, pages };
}

function useReplies() {
  under.upstream.reply(async (request) => {
    const messages = request.json.messages as Array<{ content: string }> | undefined;
    if (messages?.[0]?.content === BLOCK) await gate;
    return { json: readRecordedJson('openai', 'openai-text') };
  });
}

describe('submitting a job and reading it', () => {
  it('accepts a chat request with a deadline (202, queued), and the worker runs it to a stored chat.completion', async () => {
    useReplies();
    const before = Math.floor(Date.now() / 1000);
    const { status, headers, body } = await submit(job('Invent a holiday.', { metadata: { customer: 'c-42' } }));
    expect(status).toBe(202);
    expect(body).toMatchObject({ object: 'job', status: 'queued', model: 'openai/gpt-4.1-nano', metadata: { customer: 'c-42' } });
    expect(body.id).toMatch(/^job_[A-Za-z0-9_-]+$/);
    expect(headers.get('location')).toBe(`/v1/jobs/${body.id}`);
    expect(body.created_at).toBeGreaterThanOrEqual(before);
    expect(body.deadline_at).toBe(body.created_at + 60);

    const done = await reaches(body.id as string, 'succeeded');
    expect(done.result?.object).toBe('chat.completion');
    expect(done.result?.choices[0]?.message.content).toBe(recorded.choices[0]?.message.content);
    expect(done.completed_at).toBeGreaterThanOrEqual(done.created_at);
    expect(done.path).toEqual(expect.any(String));
    expect(done.metadata).toEqual({ customer: 'c-42' });
    expect(under.upstream.requests.some((request) => request.json.model === 'gpt-4.1-nano')).toBe(true);
  });

  it('runs a Responses body (endpoint /v1/responses) to a stored Response object, sent to OpenAI as a Responses request', async () => {
    under.upstream.reply((request) => (request.url.endsWith('/responses') ? responsesReply(request, { kind: 'text', text: 'A holiday for gateways.' }) : { json: recorded }));
    const { status, body } = await submit({ endpoint: '/v1/responses', model: 'openai/gpt-4.1-nano', instructions: 'Be brief.', input: 'Invent a holiday.', deadline: 60 });
    expect(status).toBe(202);
    expect(body).toMatchObject({ object: 'job', status: 'queued', endpoint: '/v1/responses', model: 'openai/gpt-4.1-nano' });

    const done = (await reaches(body.id as string, 'succeeded')) as unknown as { result: { object: string; status: string; store: boolean; output: Array<{ type: string; content?: Array<{ text: string }> }> } };
    expect(done.result).toMatchObject({ object: 'response', status: 'completed', store: false });
    expect(done.result.output.find((item) => item.type === 'message')?.content?.[0]?.text).toBe('A holiday for gateways.');
    const sent = under.upstream.requests.find((request) => request.url.endsWith('/responses'));
    expect(sent?.json).toMatchObject({ model: 'gpt-4.1-nano', instructions: 'Be brief.', input: 'Invent a holiday.', store: false });
  });

  it('refuses a Responses job that continues a stored response, or asks to be stored, with a 400 naming the field', async () => {
    const responses = { endpoint: '/v1/responses', model: 'openai/gpt-4.1-nano', input: 'Hi', deadline: 60 };
    expect((await submit({ ...responses, previous_response_id: 'resp_123' }, KEY_REFUSED)).body.error).toMatchObject({ param: 'previous_response_id', code: 'unsupported_parameter' });
    expect((await submit({ requests: [job('fine'), { ...responses, store: true }] }, KEY_REFUSED)).body.error).toMatchObject({ param: 'requests[1].store' });
    expect((await submit({ ...responses, endpoint: '/v1/completions' }, KEY_REFUSED)).body.error).toMatchObject({ param: 'endpoint', code: 'invalid_value' });
    expect((await submit({ endpoint: '/v1/responses', model: 'openai/gpt-4.1-nano', input: [{ role: 'wizard', content: 'x' }], deadline: 60 }, KEY_REFUSED)).status).toBe(400);
  });

  it("keeps a job to the key that created it: another key gets 404 for it, cannot cancel it, and does not list it", async () => {
    useReplies();
    const { body } = await submit(job('Mine only.'));
    const id = body.id as string;
    for (const method of ['GET', 'DELETE']) {
      const other = await call(method, `/jobs/${id}`, KEY_B);
      expect(other.status).toBe(404);
      expect(other.body.error).toMatchObject({ code: 'job_not_found', type: 'invalid_request_error' });
    }
    expect((await listAll(KEY_B, 'limit=100')).ids).not.toContain(id);
    expect((await call('GET', `/jobs/${id}`, KEY_A)).status).toBe(200);
    expect((await call('GET', '/jobs/job_doesnotexist', KEY_A)).status).toBe(404);
    expect((await call('GET', `/jobs/${id}`, 'not-a-key')).status).toBe(401);
    await reaches(id, 'succeeded');
  });
});

describe('idempotency', () => {
  it('answers a retry with the same Idempotency-Key with the same job, and a different body with that key with 409', async () => {
    useReplies();
    const key = { 'idempotency-key': `retry-${Date.now()}` };
    const first = await submit(job('Once only.'), KEY_A, key);
    expect(first.status).toBe(202);
    const again = await submit(job('Once only.'), KEY_A, key);
    expect(again.status).toBe(202);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    const different = await submit(job('Something else.'), KEY_A, key);
    expect(different.status).toBe(409);
    expect(different.body.error).toMatchObject({ code: 'idempotency_key_reused', param: 'Idempotency-Key' });

    // The same key string under another gateway key is that key's own.
    const otherOwner = await submit(job('Something else.'), KEY_B, key);
    expect(otherOwner.status).toBe(202);
    expect(otherOwner.body.id).not.toBe(first.body.id);
    await reaches(first.body.id as string, 'succeeded');
  });

  it('creates one job for concurrent submissions with one key', async () => {
    useReplies();
    const key = { 'idempotency-key': `race-${Date.now()}` };
    const answers = await Promise.all(Array.from({ length: 6 }, () => submit(job('Raced.'), KEY_A, key)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(202));
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    await reaches(answers[0]!.body.id as string, 'succeeded');
    expect(under.upstream.requests.filter((request) => (request.json.messages as Array<{ content: string }>)[0]?.content === 'Raced.')).toHaveLength(1);
  });
});

describe('batches', () => {
  it('accepts a list of jobs in one call and runs each', async () => {
    useReplies();
    const { status, body } = await submit({ requests: [job('One.', { metadata: { n: '1' } }), job('Two.', { metadata: { n: '2' } }), job('Three.', { deadline: 120 })] });
    expect(status).toBe(202);
    expect(body.object).toBe('list');
    const jobs = body.data as JobObject[];
    expect(jobs.map((item) => item.status)).toEqual(['queued', 'queued', 'queued']);
    expect(jobs.map((item) => item.metadata?.n)).toEqual(['1', '2', undefined]);
    expect(jobs[2]!.deadline_at - jobs[2]!.created_at).toBe(120);
    expect(new Set(jobs.map((item) => item.id)).size).toBe(3);
    for (const item of jobs) expect((await reaches(item.id, 'succeeded')).result?.object).toBe('chat.completion');
  });
});

describe('validation', () => {
  it('refuses a bad submission with a 400 naming the field, and creates nothing', async () => {
    const cases: Array<[unknown, string]> = [
      [job('x', { deadline: 30 }), 'deadline'],
      [job('x', { deadline: 86_401 }), 'deadline'],
      [job('x', { deadline: 'tomorrow' }), 'deadline'],
      [{ model: 'openai/gpt-4.1-nano', messages: [{ role: 'user', content: 'x' }] }, 'deadline'],
      [{ requests: [job('fine'), { model: 'openai/gpt-4.1-nano', deadline: 60 }] }, 'requests[1].messages'],
      [{ requests: [job('fine'), job('fine', { messages: [{ role: 'user', content: 5 }] })] }, 'requests[1].messages[0].content'],
      [{ requests: [] }, 'requests'],
      [job('x', { stream: true }), 'stream'],
      [job('x', { callback_url: 'http://example.com/hook' }), 'callback_url'],
      [job('x', { metadata: { n: 1 } }), 'metadata.n'],
    ];
    for (const [body, param] of cases) {
      const answer = await submit(body, KEY_REFUSED);
      expect(answer.status, param).toBe(400);
      expect(answer.body.error).toMatchObject({ type: 'invalid_request_error', param });
    }
    expect((await submit('{not json', KEY_REFUSED)).status).toBe(400);
    expect((await listAll(KEY_REFUSED, 'limit=10')).ids).toEqual([]);
  });

  it('refuses a callback_url whose host is no public address, in any notation, with a 400 naming it', async () => {
    const refused = [
      'https://127.0.0.1:8443/hook',
      'https://2130706433/hook',
      'https://0x7f.1/hook',
      'https://0177.0.0.1/hook',
      'https://127.1/hook',
      'https://[::1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://localhost/hook',
      'https://localhost./hook',
      'https://callbacks.localhost/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://10.0.0.5/hook',
      'https://172.16.0.1/hook',
      'https://192.168.1.1/hook',
      'https://100.64.0.1/hook',
      'https://0.0.0.0/hook',
      'https://224.0.0.1/hook',
      'https://[fd00::1]/hook',
      'https://[fe80::1]/hook',
      'https://[64:ff9b::a00:1]/hook',
      'https://[2002:c0a8:101::1]/hook',
    ];
    for (const url of refused) {
      const answer = await submit({ requests: [job('fine'), job('x', { callback_url: url })] }, KEY_REFUSED);
      expect(answer.status, url).toBe(400);
      expect(answer.body.error, url).toMatchObject({ type: 'invalid_request_error', param: 'requests[1].callback_url', message: expect.stringMatching(/not a public one/) });
    }
    expect((await listAll(KEY_REFUSED, 'limit=10')).ids).toEqual([]);
  });

  it('refuses bad list parameters with a 400 naming them', async () => {
    for (const [query, param] of [['limit=0', 'limit'], ['limit=101', 'limit'], ['status=done', 'status'], ['after=bogus', 'after']]) {
      const answer = await call('GET', `/jobs?${query}`, KEY_A);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.param).toBe(param);
    }
  });
});

describe('cancelling', () => {
  it('cancels a queued job and a running one; the worker runs neither to completion; an ended job is a 409', async () => {
    gate = new Promise((resolve) => (openGate = resolve));
    useReplies();
    try {
      // The worker takes the blocker and waits on the gate: it polls the next batch only after.
      const blocker = (await submit(job(BLOCK))).body.id as string;
      await waitFor(() => under.upstream.requests.some((request) => (request.json.messages as Array<{ content: string }>)?.[0]?.content === BLOCK) || undefined, 15_000, 'the blocker to reach the upstream');
      const queued = await submit(job('Never run.'));
      expect(queued.body.status).toBe('queued');

      const cancelQueued = await call('DELETE', `/jobs/${queued.body.id}`, KEY_A);
      expect(cancelQueued.status).toBe(200);
      expect(cancelQueued.body).toMatchObject({ id: queued.body.id, object: 'job', status: 'cancelled' });
      expect(cancelQueued.body.completed_at).toEqual(expect.any(Number));
      const cancelRunning = await call('DELETE', `/jobs/${blocker}`, KEY_A);
      expect(cancelRunning.status).toBe(200);
      expect(cancelRunning.body.status).toBe('cancelled');

      const twice = await call('DELETE', `/jobs/${queued.body.id}`, KEY_A);
      expect(twice.status).toBe(409);
      expect(twice.body.error.code).toBe('job_already_ended');

      openGate();
      // A job sent after both: once it has run, the worker has been past the cancelled ones.
      const after = (await submit(job('After the cancels.'))).body.id as string;
      await reaches(after, 'succeeded');
      expect((await call('GET', `/jobs/${queued.body.id}`, KEY_A)).body.status).toBe('cancelled');
      const blocked = (await call('GET', `/jobs/${blocker}`, KEY_A)).body as JobObject;
      expect(blocked.status).toBe('cancelled');
      expect(blocked.result).toBeUndefined();
      expect(under.upstream.requests.some((request) => (request.json.messages as Array<{ content: string }>)?.[0]?.content === 'Never run.')).toBe(false);

      const ended = await call('DELETE', `/jobs/${after}`, KEY_A);
      expect(ended.status).toBe(409);
      expect((await listAll(KEY_A, 'status=cancelled&limit=1')).ids).toEqual([queued.body.id, blocker]);
    } finally {
      openGate();
    }
  });
});

describe('listing', () => {
  it("lists a key's jobs newest first in pages, each once, and filters by status", async () => {
    useReplies();
    const first = (await submit(job('List one.'), KEY_LIST)).body.id as string;
    const batch = (await submit({ requests: [job('List two.'), job('List three.'), job('List four.'), job('List five.')] }, KEY_LIST)).body.data as JobObject[];
    const ids = [first, ...batch.map((item) => item.id)];
    for (const id of ids) await reaches(id, 'succeeded', KEY_LIST);

    const paged = await listAll(KEY_LIST, 'limit=2');
    expect(paged.pages).toBe(3);
    expect([...paged.ids].sort()).toEqual([...ids].sort());
    // The single job came first, so it is listed last.
    expect(paged.ids.at(-1)).toBe(first);

    expect([...(await listAll(KEY_LIST, 'status=succeeded&limit=3')).ids].sort()).toEqual([...ids].sort());
    expect((await listAll(KEY_LIST, 'status=queued')).ids).toEqual([]);
    const page = await call('GET', '/jobs?limit=1', KEY_LIST);
    expect(page.body).toMatchObject({ object: 'list', has_more: true, first_id: paged.ids[0], last_id: paged.ids[0] });
    expect((page.body.data as JobObject[])[0]).toMatchObject({ id: paged.ids[0], object: 'job', status: 'succeeded', result: { object: 'chat.completion' } });
  });
});
