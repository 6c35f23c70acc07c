import { describe, it, expect } from 'vitest';
import { geminiAdapter } from '../../../functions/providers/gemini/gemini-adapter.ts';

describe('parseErrorBody (Gemini)', () => {
  it('takes message and status from a google.rpc.Status body', () => {
    const body = JSON.stringify({
      error: { code: 400, message: 'API key not valid. Please pass a valid API key.', status: 'INVALID_ARGUMENT', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }] },
    });
    expect(geminiAdapter.parseErrorBody(body)).toEqual({
      message: 'API key not valid. Please pass a valid API key.',
      type: 'INVALID_ARGUMENT',
      code: 'INVALID_ARGUMENT',
    });
  });

  it('reads the wait from a RetryInfo detail', () => {
    const body = JSON.stringify({
      error: {
        code: 429,
        message: 'You exceeded your current quota.',
        status: 'RESOURCE_EXHAUSTED',
        details: [
          { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [] },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '30s' },
        ],
      },
    });
    expect(geminiAdapter.parseErrorBody(body)).toEqual({
      message: 'You exceeded your current quota.',
      type: 'RESOURCE_EXHAUSTED',
      code: 'RESOURCE_EXHAUSTED',
      retryAfterSeconds: 30,
    });
  });

  it('accepts fractional retry delays and the array form of streaming endpoints', () => {
    const body = JSON.stringify([{ error: { code: 429, status: 'RESOURCE_EXHAUSTED', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.5s' }] } }]);
    expect(geminiAdapter.parseErrorBody(body)).toEqual({ type: 'RESOURCE_EXHAUSTED', code: 'RESOURCE_EXHAUSTED', retryAfterSeconds: 1.5 });
  });

  it('keeps a non-JSON body as the message, trimmed and cut to 500 characters', () => {
    expect(geminiAdapter.parseErrorBody('  <html>Bad Gateway</html>\n')).toEqual({ message: '<html>Bad Gateway</html>' });
    expect(geminiAdapter.parseErrorBody('x'.repeat(800)).message).toBe('x'.repeat(500));
    expect(geminiAdapter.parseErrorBody('   ')).toEqual({});
  });
});
