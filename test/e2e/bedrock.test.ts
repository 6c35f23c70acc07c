/**
 * Bedrock Converse behind the OpenAI interface (and Claude on it behind the Messages one), end to end: the official SDKs against `npm start`'s
 * server, signing with SigV4 from the environment's AWS credentials, and a fake Bedrock that
 * checks the signature and streams in AWS's binary event-stream framing.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventFrame, exceptionFrame, startFakeBedrock, type FakeBedrock } from '../support/fake-bedrock.ts';
import { startGatewayProcess, type GatewayProcess } from '../support/gateway-process.ts';

const credentials = { accessKeyId: 'AKIDEXAMPLEBEDROCK', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-west-2' };
const MODEL_ID = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

let bedrock: FakeBedrock;
let gateway: GatewayProcess;
let client: OpenAI;

beforeAll(async () => {
  bedrock = await startFakeBedrock(credentials);
  gateway = await startGatewayProcess({
    SWITCHYARD_BEDROCK_REGION: credentials.region,
    BEDROCK_BASE_URL: bedrock.url,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
  });
  client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'no-key-needed-in-test', maxRetries: 0 });
});
afterAll(async () => {
  await gateway?.stop();
  await bedrock?.close();
});
beforeEach(() => {
  bedrock.requests.length = 0;
});

/** Splits bytes into pieces that cut frames (and their preludes) apart. */
function splitEvery(bytes: Uint8Array, size: number): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  return pieces;
}
const concat = (frames: Uint8Array[]) => new Uint8Array(Buffer.concat(frames));

describe('Bedrock through the gateway', () => {
  it('sends a SigV4-signed Converse request to the model URL and translates the answer', async () => {
    bedrock.reply(() => ({
      json: {
        output: { message: { role: 'assistant', content: [{ text: 'Paris is sunny.' }] } },
        stopReason: 'end_turn',
        usage: { inputTokens: 20, outputTokens: 6, totalTokens: 126, cacheReadInputTokens: 100 },
        metrics: { latencyMs: 512 },
      },
    }));
    const completion = await client.chat.completions.create({
      model: 'bedrock-claude-sonnet-4-5',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Paris?' },
      ],
      temperature: 1.5,
      max_tokens: 300,
    });

    expect(completion.model).toBe(`bedrock/${MODEL_ID}`);
    expect(completion.choices[0]!.message.content).toBe('Paris is sunny.');
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 120, completion_tokens: 6, total_tokens: 126 });

    const sent = bedrock.requests[0]!;
    expect(sent.path).toBe('/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse');
    expect(sent.headers.authorization).toMatch(
      new RegExp(`^AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/\\d{8}/us-west-2/bedrock/aws4_request, SignedHeaders=`),
    );
    expect(sent.signatureValid).toBe(true);
    expect(sent.json).toEqual({
      messages: [{ role: 'user', content: [{ text: 'Weather in Paris?' }] }],
      system: [{ text: 'Be brief.' }],
      inferenceConfig: { maxTokens: 300, temperature: 1 },
    });
  });

  it('streams text and a tool call from event-stream frames split across reads', async () => {
    const body = concat([
      eventFrame('messageStart', { role: 'assistant' }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Let me ' } }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'check.' } }),
      eventFrame('contentBlockStop', { contentBlockIndex: 0 }),
      eventFrame('contentBlockStart', { contentBlockIndex: 1, start: { toolUse: { toolUseId: 'tooluse_kZJMlvQmRJ6eAyJE5GIl7Q', name: 'weather' } } }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 1, delta: { toolUse: { input: '{"location":' } } }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 1, delta: { toolUse: { input: '"Paris"}' } } }),
      eventFrame('contentBlockStop', { contentBlockIndex: 1 }),
      eventFrame('messageStop', { stopReason: 'tool_use' }),
      eventFrame('metadata', { usage: { inputTokens: 410, outputTokens: 52, totalTokens: 462 }, metrics: { latencyMs: 1200 } }),
    ]);
    bedrock.reply(() => ({ frames: splitEvery(body, 37) }));

    const stream = await client.chat.completions.create({
      model: `bedrock/${MODEL_ID}`,
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }],
      tool_choice: 'required',
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let args = '';
    const names: string[] = [];
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      text += choice?.delta.content ?? '';
      for (const call of choice?.delta.tool_calls ?? []) {
        if (call.function?.name) names.push(call.function.name);
        args += call.function?.arguments ?? '';
      }
      finish = choice?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Let me check.');
    expect(names).toEqual(['weather']);
    expect(JSON.parse(args)).toEqual({ location: 'Paris' });
    expect(finish).toBe('tool_calls');
    expect(usage).toMatchObject({ prompt_tokens: 410, completion_tokens: 52 });

    const sent = bedrock.requests[0]!;
    expect(sent.path).toBe('/model/us.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream');
    expect(sent.signatureValid).toBe(true);
    expect(sent.json).toMatchObject({ toolConfig: { toolChoice: { any: {} } } });
  });

  it('ends a stream with an error when Bedrock sends an exception frame', async () => {
    bedrock.reply(() => ({
      frames: [
        eventFrame('messageStart', { role: 'assistant' }),
        eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hel' } }),
        exceptionFrame('modelStreamErrorException', 'The model stream failed.'),
      ],
    }));
    const stream = await client.chat.completions.create({ model: `bedrock/${MODEL_ID}`, messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const read = async () => {
      for await (const chunk of stream) void chunk;
    };
    await expect(read()).rejects.toThrow(/bedrock reported an error mid-stream: The model stream failed/);
  });

  it('answers an AWS error response with its status, message and type', async () => {
    bedrock.reply(() => ({
      status: 403,
      headers: { 'x-amzn-errortype': 'AccessDeniedException:http://internal.amazon.com/coral/com.amazon.bedrock/' },
      json: { message: "You don't have access to the model with the specified model ID." },
    }));
    const failure = client.chat.completions.create({ model: 'bedrock-claude-haiku-4-5', messages: [{ role: 'user', content: 'Hi' }] });
    await expect(failure).rejects.toMatchObject({
      status: 403,
      code: 'AccessDeniedException',
      message: expect.stringContaining("bedrock: You don't have access to the model"),
    });
  });
});

describe('Claude on Bedrock through the Messages door', () => {
  const counting = { model: `bedrock/${MODEL_ID}`, max_tokens: 100, stop_sequences: ['5', 'five'], messages: [{ role: 'user' as const, content: 'Count to ten.' }] };
  const anthropicClient = () => new Anthropic({ baseURL: gateway.baseURL.replace(/\/v1$/, ''), apiKey: 'no-key-needed-in-test', maxRetries: 0 });

  it('says which stop sequence ended the answer, as Anthropic does: Converse gives it among Claude’s own fields when asked', async () => {
    bedrock.reply(() => ({
      json: {
        output: { message: { role: 'assistant', content: [{ text: '1, 2, 3, 4, ' }] } },
        stopReason: 'stop_sequence',
        additionalModelResponseFields: { stop_sequence: '5' },
        usage: { inputTokens: 12, outputTokens: 9, totalTokens: 21 },
      },
    }));
    const message = await anthropicClient().messages.create(counting);
    expect(message).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: '5' });
    expect(bedrock.requests[0]!.json).toMatchObject({ inferenceConfig: { stopSequences: ['5', 'five'] }, additionalModelResponseFieldPaths: ['/stop_sequence'] });
  });

  it('and in a stream, on message_delta', async () => {
    bedrock.reply(() => ({
      frames: [
        eventFrame('messageStart', { role: 'assistant' }),
        eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'one, two, three, four, ' } }),
        eventFrame('contentBlockStop', { contentBlockIndex: 0 }),
        eventFrame('messageStop', { stopReason: 'stop_sequence', additionalModelResponseFields: { stop_sequence: 'five' } }),
        eventFrame('metadata', { usage: { inputTokens: 12, outputTokens: 9, totalTokens: 21 }, metrics: { latencyMs: 300 } }),
      ],
    }));
    const message = await anthropicClient().messages.stream(counting).finalMessage();
    expect(message).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'five' });
  });
});
