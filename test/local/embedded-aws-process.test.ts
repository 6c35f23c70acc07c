/**
 * `npm start` runs the embedded DynamoDB, SQS and S3 in a child process, so that the gateway's
 * event loop is its own. The child holds the data folder's lock (its pid is in the lock file):
 * it must stop with the gateway however the gateway stops, and never outlive it holding the folder.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { runGatewayToExit, startGatewayProcess, type GatewayProcess } from '../support/gateway-process.ts';
import { waitFor } from './local-test-helpers.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function dataDir(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'switchyard-child-aws-'));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return join(folder, 'data');
}

async function started(dir: string): Promise<{ gateway: GatewayProcess; servicesPid: number; lockFile: string }> {
  const gateway = await startGatewayProcess({ SWITCHYARD_DATA_DIR: dir });
  cleanups.push(() => gateway.stop());
  const lockFile = join(dir, 'switchyard.lock');
  const servicesPid = Number((await readFile(lockFile, 'utf8')).trim());
  return { gateway, servicesPid, lockFile };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

it('runs the embedded services in another process, stopped with the gateway on SIGINT and on SIGTERM', async () => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const dir = await dataDir();
    const { gateway, servicesPid, lockFile } = await started(dir);
    expect(servicesPid, signal).toBeGreaterThan(0);
    expect(servicesPid, signal).not.toBe(gateway.pid);
    expect(isAlive(servicesPid), signal).toBe(true);
    // The gateway reaches the tables in the other process: its routes that need them answer.
    const jobs = await fetch(`${gateway.baseURL}/jobs`);
    expect(jobs.status, signal).toBe(200);

    expect(await gateway.signal(signal), signal).toBe(0);
    expect(isAlive(servicesPid), signal).toBe(false);
    expect(existsSync(lockFile), signal).toBe(false);
  }
});

it('leaves no process holding the data folder when the gateway is killed outright', async () => {
  const dir = await dataDir();
  const { gateway, servicesPid, lockFile } = await started(dir);
  await gateway.signal('SIGKILL');
  await waitFor(() => !isAlive(servicesPid) || undefined, 10_000, 'the embedded services to exit');
  expect(existsSync(lockFile)).toBe(false);
  // The folder can be used again at once.
  const again = await started(dir);
  expect(isAlive(again.servicesPid)).toBe(true);
});

it('refuses a data folder another npm start holds in one line, leaving the first one serving', async () => {
  const dir = await dataDir();
  const first = await started(dir);
  const second = await runGatewayToExit({ NODE_ENV: 'test', SWITCHYARD_DATA_DIR: dir });
  expect(second.code).toBe(1);
  expect(second.output.trim().split('\n')).toEqual([
    `switchyard: ${dir} is in use by another Switchyard process (pid ${first.servicesPid}). Stop it, or run this one with SWITCHYARD_IN_MEMORY=1 or another SWITCHYARD_DATA_DIR.`,
  ]);
  expect((await fetch(`${first.gateway.baseURL}/models`)).status).toBe(200);
});
