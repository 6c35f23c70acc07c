/**
 * Claude Code itself (the `@anthropic-ai/claude-code` devDependency), run once in print mode
 * against a base URL, offline: a fresh HOME, TMPDIR and working directory, only the environment
 * given here (a developer's own ANTHROPIC_* or CLAUDE_* variables stay out), no retries, no
 * background traffic (with it, one connection: to the base URL).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The platform package's native binary, spawned directly: it is there whether or not npm ran the
 * wrapper's postinstall (which only links it over the wrapper's placeholder, and which package.json's
 * allowScripts skips). Undefined on a platform npm installed none for.
 */
export const CLAUDE_CODE_BINARY: string | undefined = findBinary();

function findBinary(): string | undefined {
  const require = createRequire(import.meta.url);
  const name = process.platform === 'win32' ? 'claude.exe' : 'claude';
  // npm installs the musl build instead on a musl Linux: whichever is there.
  for (const suffix of ['', '-musl']) {
    try {
      return join(dirname(require.resolve(`@anthropic-ai/claude-code-${process.platform}-${process.arch}${suffix}/package.json`)), name);
    } catch {
      // Not installed for this platform.
    }
  }
  return undefined;
}

/** Where one run lives: Claude Code writes its settings and caches under HOME and TMPDIR. */
export interface ClaudeCodeDirs {
  home: string;
  tmp: string;
  /** The working directory: Claude Code reads files here without asking for permission. */
  cwd: string;
  remove(): Promise<void>;
}

export async function createClaudeCodeDirs(): Promise<ClaudeCodeDirs> {
  // The real path: Claude Code names files by it, and a test compares those names.
  const root = await realpath(await mkdtemp(join(tmpdir(), 'switchyard-claude-code-')));
  const dirs = { home: join(root, 'home'), tmp: join(root, 'tmp'), cwd: join(root, 'cwd') };
  await Promise.all(Object.values(dirs).map((dir) => mkdir(dir)));
  return { ...dirs, remove: () => rm(root, { recursive: true, force: true }) };
}

export interface ClaudeCodeOptions {
  /** ANTHROPIC_BASE_URL: the gateway's origin, without /v1. */
  baseUrl: string;
  /** The gateway key, as ANTHROPIC_API_KEY sends it (`x-api-key`) or ANTHROPIC_AUTH_TOKEN (`Authorization: Bearer`). */
  key: { apiKey: string } | { authToken: string };
  model: string;
  prompt: string;
  /**
   * Claude Code's whole default request (its dozen tools, some deferred, its reminders, a system-role
   * message for models it has no entry for) instead of `--bare`'s small one with Read and Bash only.
   */
  full?: boolean;
}

/** The fields of `--output-format json`'s one object that tests read. */
export interface ClaudeCodeResult {
  type: 'result';
  is_error: boolean;
  result: string;
  num_turns: number;
  usage: { input_tokens: number; output_tokens: number };
  permission_denials: unknown[];
}

export interface ClaudeCodeRun {
  code: number | null;
  stdout: string;
  /** Notices, not errors: Claude Code warns there about models it does not know. */
  stderr: string;
  /** Stdout parsed; undefined when it is not JSON (a crash). */
  result: ClaudeCodeResult | undefined;
}

/**
 * Past this the run is killed: a stream the gateway left open would otherwise hold Claude Code for
 * its 300 s idle limit. A backstop only; a run takes seconds.
 */
const KILL_AFTER_MS = 50_000;

export function runClaudeCode(dirs: ClaudeCodeDirs, options: ClaudeCodeOptions): Promise<ClaudeCodeRun> {
  if (!CLAUDE_CODE_BINARY) throw new Error('Claude Code has no native binary for this platform');
  const args = ['-p', options.prompt, '--model', options.model, '--output-format', 'json', '--no-session-persistence'];
  if (!options.full) args.push('--bare', '--tools', 'Read,Bash');
  const child = spawn(CLAUDE_CODE_BINARY, args, {
    cwd: dirs.cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dirs.home,
      TMPDIR: dirs.tmp,
      ANTHROPIC_BASE_URL: options.baseUrl,
      ...('apiKey' in options.key ? { ANTHROPIC_API_KEY: options.key.apiKey } : { ANTHROPIC_AUTH_TOKEN: options.key.authToken }),
      // No update check, telemetry or DNS lookups of api.anthropic.com: one connection, to the base URL.
      CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
      DISABLE_AUTOUPDATER: '1',
      // A failure is reported at once instead of retried for minutes.
      CLAUDE_CODE_MAX_RETRIES: '0',
      API_TIMEOUT_MS: '30000',
    },
    // An open stdin makes print mode wait 3 s for input.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, result: parseResult(stdout) });
    });
  });
}

function parseResult(stdout: string): ClaudeCodeResult | undefined {
  try {
    return JSON.parse(stdout) as ClaudeCodeResult;
  } catch {
    return undefined;
  }
}
