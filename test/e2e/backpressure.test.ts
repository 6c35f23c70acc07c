/**
 * A client that reads slowly must slow the upstream read, not make the gateway hold the whole
 * answer in memory: the fake provider writes only as fast as the gateway takes its bytes.
 */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/use-gateway.ts';

const under = useGateway((url) => ({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${url}/v1` }));

// Far more than every socket buffer on the way can hold (loopback buffers grow to megabytes).
const EVENTS = 10_000;
// 'q' appears nowhere else in a chunk, so counting it counts the content that arrived.
const PIECE = 'q'.repeat(8_000);

describe('backpressure', () => {
  it('stops reading the provider while the client is not reading, and loses nothing after', async () => {
    const chunk = (delta: object, finish: string | null = null) =>
      `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const content = chunk({ content: PIECE });
    function* chunks() {
      yield chunk({ role: 'assistant', content: '' });
      for (let i = 0; i < EVENTS; i++) yield content;
      yield chunk({}, 'stop');
      yield 'data: [DONE]\n\n';
    }
    const total = [...chunks()].reduce((sum, piece) => sum + Buffer.byteLength(piece), 0);
    under.upstream.reply(() => ({ chunks: chunks(), backpressure: true }));

    const response = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      const req = request(`${under.gateway.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' } }, resolve);
      req.once('error', reject);
      req.end(JSON.stringify({ model: 'openai/m', messages: [{ role: 'user', content: 'long' }], stream: true }));
    });
    expect(response.statusCode).toBe(200);
    response.pause();

    // Let every buffer on the way fill up, until the provider cannot write any more.
    const sent = () => under.upstream.requests[0]?.bytesWritten ?? 0;
    let previous = -1;
    while (sent() !== previous) {
      previous = sent();
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(sent()).toBeLessThan(total / 2);

    let received = 0;
    let tail = '';
    response.setEncoding('utf8');
    response.on('data', (text: string) => {
      received += text.split('q').length - 1;
      tail = (tail + text).slice(-100);
    });
    response.resume();
    await new Promise((resolve) => response.once('end', resolve));
    expect(sent()).toBe(total);
    expect(tail.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(received).toBe(EVENTS * PIECE.length);
  });
});
