/**
 * warm-up/in-memory-agents.ts: Node's HTTP client, through the project's own sendRequest, talks
 * to an in-memory server that sees the request whole and answers it, with nothing resolved or
 * dialled (the hosts are `.invalid`, which no resolver answers).
 */
import { describe, expect, it } from 'vitest';
import { readText, sendRequest } from '../../functions/net/send-request.ts';
import { createInMemoryAgents, type ReceivedRequest } from '../../functions/warm-up/in-memory-agents.ts';

const answer = (body: string) => `HTTP/1.1 201 Created\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;

describe('in-memory agents', () => {
  it.each(['http', 'https'])('answer a %s request in memory, once its body is in whole', async (scheme) => {
    const received: ReceivedRequest[] = [];
    const agents = createInMemoryAgents((request) => {
      received.push(request);
      return answer(`got ${request.body.length} bytes`);
    });
    // Larger than one write of the client's, so the body arrives in more than one piece.
    const body = 'x'.repeat(300_000);
    const response = await sendRequest(
      { method: 'POST', url: `${scheme}://provider.invalid/v1/chat/completions`, headers: { 'content-type': 'application/json', authorization: 'Bearer k' }, body },
      new AbortController().signal,
      agents,
    );

    expect(response.statusCode).toBe(201);
    expect(response.headers['content-type']).toBe('text/plain');
    expect(await readText(response)).toBe('got 300000 bytes');
    expect(received).toHaveLength(1);
    expect(received[0]!.head).toMatch(/^POST \/v1\/chat\/completions HTTP\/1\.1\r\n/);
    expect(received[0]!.head).toMatch(/^authorization: Bearer k$/im);
    expect(received[0]!.body.toString()).toBe(body);
  });

  it('give each request a connection of its own', async () => {
    let count = 0;
    const agents = createInMemoryAgents(() => answer(`answer ${++count}`));
    const send = () => sendRequest({ method: 'GET', url: 'http://provider.invalid/', headers: {} }, new AbortController().signal, agents).then(readText);

    expect(await Promise.all([send(), send(), send()])).toEqual(['answer 1', 'answer 2', 'answer 3']);
  });
});
