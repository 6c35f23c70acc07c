/**
 * Gemini generateContent / streamGenerateContent through the OpenAI Chat door, end to end, with a
 * fake Gemini replaying recorded responses in Gemini's CRLF-framed SSE.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/use-gateway.ts';
import { readRecordedJson, recordedSseBody } from '../support/recorded.ts';

const under = useGateway((url) => ({ GEMINI_API_KEY: 'AIzaGeminiTestKey0123456789', GEMINI_BASE_URL: url }));

describe('Gemini through the gateway', () => {
  it('sends generateContent with the key in a header, system instruction and user/model roles', async () => {
    under.upstream.reply(() => ({ json: readRecordedJson('gemini', 'google-text') }));
    const completion = await under.client.chat.completions.create({
      model: 'gemini/gemini-3-pro-preview',
      messages: [
        { role: 'developer', content: 'Answer briefly.' },
        { role: 'user', content: 'How many r in strawberry?' },
        { role: 'assistant', content: 'Three.' },
        { role: 'user', content: 'Sure?' },
      ],
      max_completion_tokens: 300,
      temperature: 0.2,
    });

    expect(completion.choices[0]!.message.content).toBe("There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.");
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 28 + 244, completion_tokens_details: { reasoning_tokens: 244 } });

    const sent = under.upstream.requests[0]!;
    expect(sent.url).toBe('/v1beta/models/gemini-3-pro-preview:generateContent');
    expect(sent.headers['x-goog-api-key']).toBe('AIzaGeminiTestKey0123456789');
    expect(sent.json).toMatchObject({
      systemInstruction: { parts: [{ text: 'Answer briefly.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'How many r in strawberry?' }] },
        { role: 'model', parts: [{ text: 'Three.' }] },
        { role: 'user', parts: [{ text: 'Sure?' }] },
      ],
      generationConfig: { maxOutputTokens: 300, temperature: 0.2 },
    });
  });

  it('streams a function call and finishes with tool_calls though Gemini says STOP in a later chunk', async () => {
    under.upstream.reply(() => ({ chunks: [recordedSseBody('gemini', 'google-tool-call')] }));
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    const stream = await under.client.chat.completions.create({
      model: 'gemini-3-pro',
      messages: [{ role: 'user', content: 'Weather in SF?' }],
      tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', additionalProperties: false, properties: { location: { type: 'string' } } } } }],
      stream: true,
    });
    for await (const chunk of stream) chunks.push(chunk);

    const first = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? [])[0] as OpenAI.ChatCompletionChunk.Choice.Delta.ToolCall & {
      extra_content?: { google?: { thought_signature?: string } };
    };
    expect(first).toMatchObject({ index: 0, type: 'function', function: { name: 'weather' } });
    expect(first.id).toMatch(/^call_/);
    expect(first.extra_content?.google?.thought_signature).toMatch(/^EqUCCqICAb4/);
    const args = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []).map((call) => call.function?.arguments ?? '').join('');
    expect(JSON.parse(args)).toEqual({ location: 'San Francisco' });
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('tool_calls');
    expect(under.upstream.requests[0]!.url).toBe('/v1beta/models/gemini-3-pro-preview:streamGenerateContent?alt=sse');
  });

  it('sends the thought signature back with the function call on the next turn', async () => {
    under.upstream.reply(() => ({ json: readRecordedJson('gemini', 'google-text') }));
    await under.client.chat.completions.create({
      model: 'gemini/gemini-3-pro-preview',
      messages: [
        { role: 'user', content: 'Weather in SF?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'weather', arguments: '{"location":"San Francisco"}' },
              // The gateway's own extension, echoed back by the client as Google's compatibility layer asks.
              ...{ extra_content: { google: { thought_signature: 'SIG123' } } },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '{"temp":18}' },
      ],
    });
    expect(under.upstream.requests[0]!.json.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in SF?' }] },
      { role: 'model', parts: [{ functionCall: { name: 'weather', args: { location: 'San Francisco' } }, thoughtSignature: 'SIG123' }] },
      { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { temp: 18 } } }] },
    ]);
  });

  it('streams thoughts-free text and reports reasoning tokens in usage', async () => {
    under.upstream.reply(() => ({ chunks: [recordedSseBody('gemini', 'google-reasoning')] }));
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    const stream = await under.client.chat.completions.create({
      model: 'gemini/gemini-3-pro-preview',
      messages: [{ role: 'user', content: 'r?' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe('There are **3** "r"s in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.');
    expect(usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 29 + 256, completion_tokens_details: { reasoning_tokens: 256 } });
  });
});
