import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRedactor } from '../../functions/http/redact-secrets.ts';
import { PROVIDERS } from '../../functions/providers/provider-registry.ts';
import { RECORDED_DIR } from '../support/recorded.ts';

/** A key of each provider's real shape (random characters, each one's own last four). */
const SAMPLE_KEYS: Record<(typeof PROVIDERS)[number]['id'], string> = {
  openai: 'sk-proj-4fTq9ZxL2mVb7NcR1sKd8YhJ3wPe6GuA0tBn5XiQoEv_yMlCrHk-DjFgUaS2W9zO7pLqT4nRm8cXb1vKe3sJhY6wNg0dQf5tMZQA',
  anthropic: 'sk-ant-api03-Xk7bQ2mN9vL4pR8sT1wY6zA3cF5hJ0kE2gD7uI9oP4aS6dG8fH1jK3lZ5xC7vB9nM2qW4eR6tY8uI0oPAA-Rt2dAAnt',
  gemini: 'AIzaSyD8kQ2vL9mX4pT7bN1cR6sW3yH5jF0gGem',
  deepseek: 'sk-7c1e4b9a2f6d8e3b5a0c9f1d4e7b2a6cd569',
  mistral: 'Vq8LmT2xKp7RbN4cWz9YsF1hJd6GaUe3',
  groq: 'gsk_Wd3Kq8Lz1Xv6Bn9Mc4Rt7Yp2Hs5Jf0GaEe2Nw8Qk4Tz1Vb6Groq',
  xai: 'xai-Pz4Lq9Wm2Xv7Bn1Kc6Rt3Yd8Hs5Jf0GaEe4Nw9Qk2Tz7Vb1Mc6Rp3Ls8Xq5Wn0Yk4Hd9Jt2Gb7Fz1Ea6Nc3Vm8Qx5XAIy',
  together: 'tgp_v1_Kd8Lq3Wz7Xv2Bn6Mc1Rt9Yp4Hs0Jf5GaEe8Nw3Qk7TogR',
  bedrock: 'ABSKQmVkcm9ja0FQSUtleS1hYmNkLWF0LTEyMzQ1Njc4OTAxMjpXeTlLcTJMbTdOcDRSdDhWeDFaYjZDZDNGZzVIajBLbDJNbjRQYlRk',
};

const last4 = (key: string) => key.slice(-4);

/** How providers echo a key they were sent: whole, or masked in the ways seen in real errors. */
function echoes(key: string): string[] {
  return [
    `Incorrect API key provided: ${key}. You can find your API key at https://platform.example/api-keys.`,
    `Incorrect API key provided: ${key.slice(0, 8)}${'*'.repeat(40)}${last4(key)}. You can find your API key at https://platform.example/api-keys.`,
    `Incorrect API key provided: ${key.slice(0, 2)}***${key.slice(-2)}. You can obtain an API key from https://console.example.`,
    `Authentication Fails, Your api key: ****${last4(key)} is invalid`,
    `invalid key ${key.slice(0, 4)}...${last4(key)}`,
    `key ${key.slice(0, 6)}…${last4(key)} was revoked`,
    `{"error":{"message":"bad key","code":"${key.slice(0, 3)}•••••${last4(key)}"}}`,
    `GET https://api.example/v1/models?key=${key} 400`,
    `Authorization: Bearer ${key}`,
  ];
}

function expectNoTraceOf(key: string, text: string) {
  expect(text).not.toContain(key);
  expect(text).not.toContain(last4(key));
  expect(text).not.toMatch(/[*•]{3}/);
}

describe('createRedactor: every provider key, whole and masked', () => {
  it('has a sample key for every provider in the registry', () => {
    expect(Object.keys(SAMPLE_KEYS).sort()).toEqual(PROVIDERS.map((provider) => provider.id).sort());
  });

  for (const [provider, key] of Object.entries(SAMPLE_KEYS)) {
    it(`${provider}: removes the configured key and every masked echo of it`, () => {
      const redact = createRedactor([key]);
      for (const text of echoes(key)) expectNoTraceOf(key, redact(text));
    });
  }

  it('removes masks and prefixed keys even when the key is not the configured one', () => {
    const redact = createRedactor(['some-other-configured-key']);
    for (const [provider, key] of Object.entries(SAMPLE_KEYS)) {
      // Masked forms with a run of stars, and whole keys after "api key:", whatever their shape.
      const [whole, ...masked] = echoes(key);
      expectNoTraceOf(key, redact(whole!));
      for (const text of masked.slice(0, 3)) expectNoTraceOf(key, redact(text));
      // A whole key with its provider's prefix, anywhere in a text.
      if (provider !== 'mistral') expectNoTraceOf(key, redact(`upstream said ${key} was wrong`));
    }
  });

  it("catches DeepSeek's and xAI's real echoes and keeps the sentence around them", () => {
    const redact = createRedactor([]);
    expect(redact('Authentication Fails, Your api key: ****d569 is invalid')).toBe('Authentication Fails, Your api key: [redacted] is invalid');
    expect(redact('Incorrect API key provided: xa***XY. You can obtain an API key from https://console.x.ai.')).toBe(
      'Incorrect API key provided: [redacted]. You can obtain an API key from https://console.x.ai.',
    );
    expect(redact('Incorrect API key provided: sk-proj-********abcd. You can')).toBe('Incorrect API key provided: [redacted]. You can');
    expect(createRedactor(['my-own-secret-key'])('bad key my-own-secret-key here')).toBe('bad key [redacted] here');
    expect(redact('Invalid API Key gsk_abcdef123')).toBe('Invalid API Key [redacted]');
  });
});

/** Real provider error messages that hold no key. */
const ORDINARY = [
  "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
  'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
  'Rate limit reached for gpt-4o in organization org-3kd8X0aBcDeFgH on tokens per min (TPM): Limit 30000, Used 29767, Requested 1205. Please try again in 1.944s. Visit https://platform.openai.com/account/rate-limits to learn more.',
  "This model's maximum context length is 128000 tokens. However, your messages resulted in 130405 tokens. Please reduce the length of the messages.",
  "Invalid 'messages[2].tool_calls[0].id': string too long. Expected a string with maximum length 40, but got a string with length 41 instead.",
  'The model `gpt-4o-mini-2024-07-18` does not exist or you do not have access to it.',
  'messages.0.content.0.image.source.base64: image exceeds 5 MB maximum: 5316852 bytes > 5242880 bytes',
  'prompt is too long: 208000 tokens > 200000 maximum',
  'x-api-key header is required',
  'invalid x-api-key',
  'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
  'Overloaded',
  'API key not valid. Please pass a valid API key.',
  '* GenerateContentRequest.contents: contents is not specified\n* GenerateContentRequest.generation_config.max_output_tokens: max_output_tokens must be positive.\n',
  'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: 15\nPlease retry in 36.6s.',
  'Rate limit reached for model `llama-3.3-70b-versatile` in organization `org_01jq8ds0x4fe2v7kq3m` service tier `on_demand` on tokens per minute (TPM): Limit 6000, Used 5000, Requested 2000. Please try again in 10s.',
  'Authentication Fails (no such user)',
  'Insufficient Balance',
  'Invalid model: mistral-large-2411',
  'Input validation error: `inputs` tokens + `max_new_tokens` must be <= 8193. Given: 8000 `inputs` tokens and 2000 `max_new_tokens`',
  'The security token included in the request is invalid.',
  'Malformed input request: #: extraneous key [foo] is not permitted, please reformat your input and try again.',
  "Invocation of model ID anthropic.claude-3-5-sonnet-20240620-v1:0 with on-demand throughput isn't supported. Retry your request with the ID or ARN of an inference profile that contains this model.",
  'ValidationException',
  'request req_011CSHoEeqs5C35K2UUqLMD1 failed; token limit 4096 exceeded; the key "temperature" must be a number',
  "Expected 'Bearer <token>' in the Authorization header.",
  'Loading... done. Wait...what? e.g. this, i.e. that, **bold** and *emphasis*. Use scikit-learn (sk-learn) for that.',
  'openai failed with status 500: upstream_error',
];

/** Every string in the recorded provider responses: answers, ids, model names, error texts. */
function recordedStrings(): string[] {
  const strings: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') strings.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  for (const provider of readdirSync(RECORDED_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory())) {
    for (const file of readdirSync(`${RECORDED_DIR}${provider.name}`)) {
      const text = readFileSync(`${RECORDED_DIR}${provider.name}/${file}`, 'utf8');
      const documents = file.endsWith('.json') ? [text] : text.split('\n').filter((line) => line.trim() !== '');
      for (const document of documents) walk(JSON.parse(document));
    }
  }
  return strings;
}

describe('createRedactor: ordinary text survives', () => {
  const redact = createRedactor(Object.values(SAMPLE_KEYS));

  it('leaves real provider error messages unchanged', () => {
    for (const text of ORDINARY) expect(redact(text)).toBe(text);
  });

  it('leaves every string of the recorded provider responses unchanged', () => {
    const strings = recordedStrings();
    expect(strings.length).toBeGreaterThan(500);
    const changed = strings.filter((text) => redact(text) !== text);
    expect(changed).toEqual([]);
  });
});
