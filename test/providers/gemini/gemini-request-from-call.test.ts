/**
 * The Gemini request built from neutral calls as a Messages (Anthropic) door sends them: what a call
 * can say that OpenAI's Chat body cannot. build-gemini-request.test.ts covers the chat-decoded calls.
 */
import { describe, expect, it } from 'vitest';
import type { Call, CallMessage } from '../../../functions/core/call.ts';
import { CallError } from '../../../functions/core/call-error.ts';
import { overrideCall } from '../../../functions/core/override-call.ts';
import type { UserPart } from '../../../functions/core/parts.ts';
import type { NativeTool, Tool } from '../../../functions/core/tools.ts';
import type { ReasoningRequest } from '../../../functions/core/reasoning.ts';
import type { BuildContext } from '../../../functions/providers/provider-adapter.ts';
import { geminiAdapter } from '../../../functions/providers/gemini/gemini-adapter.ts';
import type { GeminiGenerateContentRequest } from '../../../functions/providers/gemini/gemini-api-types.ts';
import { DEFAULT_ROUTING_PREFERENCES } from '../../../functions/routing/routing-preferences.ts';

const baseContext: BuildContext = { model: 'gemini-2.5-flash', apiKey: 'k', baseUrl: 'https://generativelanguage.googleapis.com', stream: false };

const call = (changes: Partial<Call> = {}): Call => ({
  model: 'gemini/gemini-2.5-flash',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  tools: [],
  output: { format: { type: 'text' }, choices: 1, stop: [] },
  sampling: {},
  cache: { callerPlaced: false },
  stream: false,
  preferences: DEFAULT_ROUTING_PREFERENCES,
  providerOptions: {},
  origin: { dialect: 'anthropic-messages', body: {}, forwardHeaders: {} },
  overrides: {},
  ...changes,
});

function build(changes: Partial<Call> = {}, context: Partial<BuildContext> = {}) {
  const upstream = geminiAdapter.buildRequest(call(changes), { ...baseContext, ...context });
  return { ...upstream, json: JSON.parse(upstream.body) as GeminiGenerateContentRequest };
}

function buildError(changes: Partial<Call>): CallError {
  try {
    build(changes);
  } catch (error) {
    if (error instanceof CallError) return error;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

const user = (...content: UserPart[]): CallMessage => ({ role: 'user', content });
const text = (value: string) => ({ type: 'text' as const, text: value });
const PDF = 'JVBERi0xLjQ=';

describe('Gemini request from a call: messages', () => {
  it('system messages anywhere become the systemInstruction, in order', () => {
    const { json } = build({
      messages: [
        { role: 'system', variant: 'system', content: [text('Be brief.'), text(' Really.')] },
        user(text('Hi')),
        { role: 'system', variant: 'developer', content: [text('Answer in French.')] },
      ],
    });
    expect(json.systemInstruction).toEqual({ parts: [{ text: 'Be brief. Really.' }, { text: 'Answer in French.' }] });
    expect(json.contents).toEqual([{ role: 'user', parts: [{ text: 'Hi' }] }]);
  });

  it('documents: a base64 PDF inline, a PDF URL as fileData, plain text as a text part', () => {
    const { json } = build({
      messages: [
        user(
          { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: PDF }, title: 'a.pdf' },
          { type: 'document', source: { kind: 'url', url: 'https://example.com/report' } },
          { type: 'document', source: { kind: 'url', url: 'https://example.com/notes.txt' } },
          { type: 'document', source: { kind: 'text', mediaType: 'text/plain', data: 'The plan.' } },
          { type: 'document', source: { kind: 'base64', mediaType: 'text/csv', data: 'YSxi' } },
          text('Summarise.'),
        ),
      ],
    });
    expect(json.contents[0]?.parts).toEqual([
      { inlineData: { mimeType: 'application/pdf', data: PDF } },
      { fileData: { mimeType: 'application/pdf', fileUri: 'https://example.com/report' } },
      { fileData: { mimeType: 'text/plain', fileUri: 'https://example.com/notes.txt' } },
      { text: 'The plan.' },
      { inlineData: { mimeType: 'text/csv', data: 'YSxi' } },
      { text: 'Summarise.' },
    ]);
  });

  it.each([
    [{ kind: 'base64', mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', data: 'UEs=' }, /type application\/vnd\.openxml/],
    [{ kind: 'file', family: 'anthropic', id: 'file_011' }, /anthropic file 'file_011'/],
    [{ kind: 'url', url: 'http://example.com/a.pdf' }, /only https/],
  ] as const)('a document Gemini cannot read (%j) is a 400 naming it, raised before sending', (source, wording) => {
    const error = buildError({ messages: [user(text('Read this'), { type: 'document', source })] });
    expect(error).toMatchObject({ status: 400, kind: 'invalid_request', fault: 'caller', param: 'messages[0].content[1].file' });
    expect(error.message).toMatch(wording);
  });

  it("another API's block in a user turn is a 400 naming it: the caller wants it read", () => {
    const error = buildError({ messages: [user({ type: 'native', dialect: 'anthropic-messages', block: { type: 'search_result', source: 'x' } })] });
    expect(error).toMatchObject({ status: 400, param: 'messages[0].content[0]' });
    expect(error.message).toContain("'search_result'");
  });

  it('a failed tool result goes under error; images and documents in a result follow its functionResponse', () => {
    const { json } = build({
      messages: [
        user(text('Look at the screen')),
        { role: 'assistant', content: [{ type: 'tool-call', id: 'toolu_1', name: 'screenshot', arguments: '{}' }, { type: 'tool-call', id: 'toolu_2', name: 'read', arguments: '{"path":"a"}' }] },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 'toolu_1', content: [text('Here it is'), { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBO' } }] },
            { type: 'tool-result', toolCallId: 'toolu_2', content: [text('ENOENT: no such file')], isError: true },
          ],
        },
      ],
    });
    expect(json.contents[2]).toEqual({
      role: 'user',
      parts: [
        { functionResponse: { name: 'screenshot', response: { result: 'Here it is' } } },
        { inlineData: { mimeType: 'image/png', data: 'iVBO' } },
        { functionResponse: { name: 'read', response: { error: 'ENOENT: no such file' } } },
      ],
    });
  });
});

describe('Gemini request from a call: signatures and reasoning', () => {
  it("sends back only Gemini's signatures; Claude's reasoning, signed or redacted, is left out; the placeholder fills a first call without one", () => {
    const { json, notes } = build({
      messages: [
        user(text('Weather?')),
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'I should check.', signature: { issuer: 'claude', value: 'EqQBCkYIBxgCKkA' } },
            { type: 'redacted-reasoning', data: 'EmwKAhgBEgy', issuer: 'claude' },
            { type: 'reasoning', text: 'Unsigned thoughts.' },
            text('Checking.'),
            { type: 'tool-call', id: 'c1', name: 'weather', arguments: '{"city":"Paris"}', signature: { issuer: 'claude', value: 'not-for-gemini' } },
          ],
        },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'c1', content: [text('{"temp":21}')] }] },
        {
          role: 'assistant',
          content: [{ type: 'tool-call', id: 'c2', name: 'weather', arguments: '{"city":"Rome"}', signature: { issuer: 'gemini', value: 'R0VNSU5J' } }],
        },
      ],
    });
    expect(json.contents[1]).toEqual({
      role: 'model',
      parts: [{ text: 'Checking.' }, { functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'skip_thought_signature_validator' }],
    });
    expect(json.contents[3]).toEqual({ role: 'model', parts: [{ functionCall: { name: 'weather', args: { city: 'Rome' } }, thoughtSignature: 'R0VNSU5J' }] });
    expect(JSON.stringify(json)).not.toMatch(/EqQBCkYIBxgCKkA|EmwKAhgBEgy|I should check|Unsigned thoughts|not-for-gemini/);
    expect(notes).toBeUndefined();
  });

  it("another API's blocks in the history are left out, each kind named once in the notes", () => {
    const { json, notes } = build({
      messages: [
        user(text('Search the news')),
        {
          role: 'assistant',
          content: [
            { type: 'native', dialect: 'anthropic-messages', block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'news' } } },
            { type: 'native', dialect: 'anthropic-messages', block: { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] } },
            { type: 'native', dialect: 'anthropic-messages', block: { type: 'server_tool_use', id: 'srvtoolu_2', name: 'web_search', input: { query: 'more' } } },
            text('Here is the news.'),
          ],
        },
      ],
    });
    expect(json.contents[1]).toEqual({ role: 'model', parts: [{ text: 'Here is the news.' }] });
    expect(notes).toEqual(['server_tool_use block (gemini cannot read it)', 'web_search_tool_result block (gemini cannot read it)']);
  });
});

describe('Gemini request from a call: tools', () => {
  const anthropicSearch: NativeTool = {
    kind: 'native',
    dialect: 'anthropic-messages',
    type: 'web_search_20250305',
    name: 'web_search',
    definition: { type: 'web_search_20250305', name: 'web_search', max_uses: 5 },
  };
  const weather: Tool = { kind: 'function', name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };

  it.each([
    anthropicSearch,
    { kind: 'native', dialect: 'anthropic-messages', type: 'web_search_20260101', definition: {} },
    { kind: 'native', dialect: 'openai-responses', type: 'web_search', definition: {} },
    { kind: 'native', dialect: 'openai-responses', type: 'web_search_preview', definition: {} },
  ] as const)("another API's web search (%j) is Gemini's Google Search, with no function calling config", (search) => {
    const { json, notes } = build({ tools: [search], toolChoice: { mode: 'required' } });
    expect(json.tools).toEqual([{ googleSearch: {} }]);
    expect(json.toolConfig).toBeUndefined();
    expect(notes).toBeUndefined();
  });

  it('on Gemini 3, Google Search goes beside the function tools, with server-side tool invocations on', () => {
    const { json } = build({ tools: [weather, anthropicSearch], toolChoice: { mode: 'auto' } }, { model: 'gemini-3-pro-preview' });
    expect(json.tools).toEqual([{ functionDeclarations: [{ name: 'weather', parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } } } }], googleSearch: {} }]);
    expect(json.toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' }, includeServerSideToolInvocations: true });
  });

  it('before Gemini 3, a search beside function tools is left out with a note', () => {
    const { json, notes } = build({ tools: [weather, anthropicSearch] });
    expect(json.tools).toEqual([{ functionDeclarations: [expect.objectContaining({ name: 'weather' })] }]);
    expect(json.toolConfig).toBeUndefined();
    expect(notes).toEqual(['web_search_20250305 tool (gemini-2.5-flash cannot search beside function tools)']);
  });

  it("a choice of a tool left out is a 400 before sending, which fails over, rather than Gemini's own 400", () => {
    const execution = { kind: 'native', dialect: 'anthropic-messages', type: 'code_execution_20250825', name: 'code_execution', definition: {} } as const;
    expect(buildError({ tools: [weather, execution], toolChoice: { mode: 'tool', name: 'code_execution' } })).toMatchObject({
      status: 400,
      param: 'tool_choice',
      message: "tool_choice requires the tool 'code_execution', which gemini cannot run",
    });
    expect(buildError({ tools: [weather, anthropicSearch], toolChoice: { mode: 'tool', name: 'web_search' } }).param).toBe('tool_choice');
  });

  it('any other tool a provider runs itself is left out with a note naming it', () => {
    const { json, notes } = build({
      tools: [
        weather,
        { kind: 'native', dialect: 'anthropic-messages', type: 'code_execution_20250825', name: 'code_execution', definition: {} },
        { kind: 'native', dialect: 'openai-chat', type: 'web_search', definition: {} },
      ],
    });
    expect(json.tools).toEqual([{ functionDeclarations: [expect.objectContaining({ name: 'weather' })] }]);
    expect(notes).toEqual(['code_execution_20250825 tool (gemini cannot run it)', 'web_search tool (gemini cannot run it)']);
    expect(build({ tools: [{ kind: 'native', dialect: 'anthropic-messages', type: 'bash_20250124', definition: {} }] }).json.tools).toBeUndefined();
  });
});

describe("Gemini request from a call: the caller's Gemini options", () => {
  it('safetySettings and cachedContent go into the body as given; other families\' options do not', () => {
    const safetySettings = [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }];
    const { json } = build({
      providerOptions: { gemini: { safetySettings, cachedContent: 'cachedContents/abc123' }, anthropic: { betas: ['x'] }, openai: { store: true } },
    });
    expect(json).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }], safetySettings, cachedContent: 'cachedContents/abc123' });
  });
});

describe('Gemini request from a call: generationConfig', () => {
  it("the gateway's own changes (the cascade's log-probabilities, the worker's flex tier) reach the body", () => {
    const upstream = geminiAdapter.buildRequest(overrideCall(call(), { logprobs: true, serviceTier: 'flex' }), baseContext);
    expect(JSON.parse(upstream.body)).toMatchObject({ generationConfig: { responseLogprobs: true }, service_tier: 'flex' });
  });

  it('sends topK', () => {
    expect(build({ sampling: { topK: 40, temperature: 0.5 } }).json.generationConfig).toEqual({ topK: 40, temperature: 0.5 });
  });

  it("lowers an output limit above the model's to the model's, and keeps one within it", () => {
    const output = { format: { type: 'text' as const }, choices: 1, stop: [], maxTokens: 32000 };
    expect(build({ output }, { model: 'gemini-2.0-flash', maxOutputTokens: 8192 }).json.generationConfig).toEqual({ maxOutputTokens: 8192 });
    expect(build({ output }, { maxOutputTokens: 65536 }).json.generationConfig).toEqual({ maxOutputTokens: 32000 });
    expect(build({ output }).json.generationConfig).toEqual({ maxOutputTokens: 32000 });
  });
});

describe('Gemini request from a call: thinking', () => {
  const thinking = (reasoning: ReasoningRequest, model = 'gemini-2.5-flash') => build({ reasoning }, { model }).json.generationConfig?.thinkingConfig;

  it('an explicit budget is the thinkingBudget and wins over an effort', () => {
    expect(thinking({ budgetTokens: 4000, effort: 'high' })).toEqual({ thinkingBudget: 4000, includeThoughts: true });
  });

  it("a budget above the model's range is lowered to its maximum: 24576 on 2.5 Flash, 32768 on 2.5 Pro", () => {
    expect(thinking({ mode: 'enabled', budgetTokens: 31999 })).toEqual({ thinkingBudget: 24576, includeThoughts: true });
    expect(thinking({ mode: 'enabled', budgetTokens: 31999 }, 'gemini-2.5-pro')).toEqual({ thinkingBudget: 31999, includeThoughts: true });
    expect(thinking({ mode: 'enabled', budgetTokens: 40000 }, 'gemini-2.5-pro')).toEqual({ thinkingBudget: 32768, includeThoughts: true });
  });

  it('on Gemini 3 a budget folds onto a level: high from 8192 tokens, low below', () => {
    expect(thinking({ budgetTokens: 31999 }, 'gemini-3-pro-preview')).toEqual({ thinkingLevel: 'high', includeThoughts: true });
    expect(thinking({ budgetTokens: 4000 }, 'gemini-3-pro-preview')).toEqual({ thinkingLevel: 'low', includeThoughts: true });
  });

  it('disabled turns thinking off (budget 0), or to the lowest level on Gemini 3, over a budget or an effort', () => {
    expect(thinking({ mode: 'disabled', budgetTokens: 4000, effort: 'high' })).toEqual({ thinkingBudget: 0 });
    expect(thinking({ mode: 'disabled' }, 'gemini-3-pro-preview')).toEqual({ thinkingLevel: 'low' });
  });

  it("adaptive, or enabled without a budget, is Gemini's dynamic thinking (-1; Gemini 3's default level)", () => {
    expect(thinking({ mode: 'adaptive' })).toEqual({ thinkingBudget: -1, includeThoughts: true });
    expect(thinking({ mode: 'enabled' })).toEqual({ thinkingBudget: -1, includeThoughts: true });
    expect(thinking({ mode: 'adaptive' }, 'gemini-3-pro-preview')).toEqual({ includeThoughts: true });
  });

  it('adaptive with an effort follows the effort', () => {
    expect(thinking({ mode: 'adaptive', effort: 'low' })).toEqual({ thinkingBudget: 1024, includeThoughts: true });
    expect(thinking({ mode: 'adaptive', effort: 'high' }, 'gemini-3-pro-preview')).toEqual({ thinkingLevel: 'high', includeThoughts: true });
  });

  it('no reasoning asked, no thinkingConfig', () => {
    expect(build({ reasoning: {} }).json.generationConfig).toBeUndefined();
  });
});
