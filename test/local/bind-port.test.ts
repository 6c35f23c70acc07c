/**
 * The gateway's port, bound first: `npm start` on a port another process holds says so in one
 * line and exits, having started nothing (the embedded services would have made their data
 * folder); a request that arrives while the gateway starts waits for it.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { bindPort, PortUnavailableError } from '../../functions/local/bind-port.ts';
import { runGatewayToExit } from '../support/gateway-process.ts';

it('refuses a busy port in one line, having started nothing', async () => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const { port } = holder.address() as AddressInfo;
  const folder = await mkdtemp(join(tmpdir(), 'switchyard-busy-port-'));
  const dataDir = join(folder, 'data');
  try {
    const result = await runGatewayToExit({ NODE_ENV: 'test', PORT: String(port), SWITCHYARD_DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.output.trim().split('\n')).toEqual([
      `switchyard: port ${port} on 127.0.0.1 is in use by another process. Stop it, or set PORT to another port (PORT=0 takes any free one).`,
    ]);
    expect(existsSync(dataDir)).toBe(false);
  } finally {
    await new Promise((resolve) => holder.close(resolve));
    await rm(folder, { recursive: true, force: true });
  }
});

it('holds a request that arrives before the gateway is ready, and answers it once it is', async () => {
  const port = await bindPort(0);
  try {
    const early = fetch(`${port.url}/v1/models`);
    await expect(bindPort(Number(new URL(port.url).port))).rejects.toThrow(PortUnavailableError);
    port.serve((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ready'));
    const response = await early;
    expect(await response.text()).toBe('ready');
  } finally {
    await port.close();
  }
});

it('refuses a PORT that is not a port number in one line, having started nothing', async () => {
  for (const port of ['http', '65536']) {
    const result = await runGatewayToExit({ NODE_ENV: 'test', PORT: port, SWITCHYARD_IN_MEMORY: '1' });
    expect(result.code, port).toBe(1);
    expect(result.output.trim().split('\n'), port).toEqual([`switchyard: PORT must be a port number from 0 (any free port) to 65535, got '${port}'.`]);
  }
});

it("refuses a busy SWITCHYARD_DYNAMODB_PORT in one line naming that variable", async () => {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const { port } = holder.address() as AddressInfo;
  try {
    const result = await runGatewayToExit({ NODE_ENV: 'test', PORT: '0', SWITCHYARD_IN_MEMORY: '1', SWITCHYARD_DYNAMODB_PORT: String(port) });
    expect(result.code).toBe(1);
    expect(result.output.trim().split('\n')).toEqual([
      `switchyard: port ${port} on 127.0.0.1 is in use by another process. Stop it, or set SWITCHYARD_DYNAMODB_PORT to another port (SWITCHYARD_DYNAMODB_PORT=0 takes any free one).`,
    ]);
  } finally {
    await new Promise((resolve) => holder.close(resolve));
  }
});
