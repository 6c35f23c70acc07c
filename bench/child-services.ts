/**
 * The benchmark's child processes: each started on a free loopback port (PORT) with its output in
 * a log file, ready once the port accepts connections (the gateway with POWERTOOLS_LOG_LEVEL=ERROR
 * prints nothing to wait for), and stopped on every way out of the benchmark
 * (normal end, error, Ctrl-C). `exit-with-parent.ts` is preloaded into each, so even a benchmark
 * killed outright leaves no orphans.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer, type AddressInfo } from 'node:net';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));
const PRELOAD = fileURLToPath(new URL('./exit-with-parent.ts', import.meta.url));
const LOG_DIR = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
const running = new Set<ChildProcess>();
const COMPILE_CACHE = process.env.NODE_COMPILE_CACHE ?? join(tmpdir(), 'node-compile-cache');

export interface Service {
  name: string;
  url: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  name: string;
  /** Script path relative to the repository root. */
  script: string;
  env: Record<string, string>;
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeFlags?: readonly string[];
}

export async function startService(options: ServiceOptions): Promise<Service> {
  const port = await freePort();
  const logFile = join(LOG_DIR, `${options.name}.log`);
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), '--import', PRELOAD, options.script], {
    cwd: REPO_ROOT,
    // Every child reads its stripped TypeScript from Node's compile cache (as `npm start` does),
    // so none holds the type-stripping compiler: a bundled Lambda holds none either.
    env: { PATH: process.env.PATH ?? '', NODE_COMPILE_CACHE: COMPILE_CACHE, ...options.env, PORT: String(port) },
    // Straight to a file: the benchmark spends no CPU reading the children's logs.
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  running.add(child);
  child.once('exit', () => running.delete(child));

  await waitForListening(child, port, logFile, options.name);
  return { name: options.name, url: `http://127.0.0.1:${port}`, pid: child.pid ?? 0, logFile, stop: () => stopChild(child) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

async function waitForListening(child: ChildProcess, port: number, logFile: string, name: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited before listening:\n${readFileSync(logFile, 'utf8')}`);
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${name} did not listen on port ${port} within 15 s:\n${readFileSync(logFile, 'utf8')}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function stopAllServices(): Promise<void> {
  await Promise.all([...running].map(stopChild));
}

export function removeLogs(): void {
  rmSync(LOG_DIR, { recursive: true, force: true });
}

// Last resort on any exit path the caller did not clean up after: synchronous work only.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
  removeLogs();
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopAllServices().finally(() => process.exit(130));
  });
}
