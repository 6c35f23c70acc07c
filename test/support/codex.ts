/**
 * Codex CLI itself (the `@openai/codex` devDependency), run once as `codex exec` against a base URL
 * speaking the OpenAI Responses API, offline: a fresh HOME (and CODEX_HOME in it) holding a
 * config.toml that names the base URL as a model provider with `wire_api = "responses"`, a fresh
 * TMPDIR and working directory, only the environment given here, no retries, and nothing else on
 * the network (with this config, one connection: to the base URL).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The Rust target each platform package ships its binary under (the wrapper's own table,
 * `@openai/codex/bin/codex.js`): Linux gets the static musl build.
 */
const TARGETS: Record<string, string> = {
  'linux-x64': 'x86_64-unknown-linux-musl',
  'linux-arm64': 'aarch64-unknown-linux-musl',
  'darwin-x64': 'x86_64-apple-darwin',
  'darwin-arm64': 'aarch64-apple-darwin',
  'win32-x64': 'x86_64-pc-windows-msvc',
  'win32-arm64': 'aarch64-pc-windows-msvc',
};

/**
 * The platform package's native binary, spawned directly rather than through the Node wrapper,
 * which only finds and execs it. Undefined on a platform npm installed none for.
 */
export const CODEX_BINARY: string | undefined = findBinary();

function findBinary(): string | undefined {
  const platform = `${process.platform}-${process.arch}`;
  const target = TARGETS[platform];
  if (!target) return undefined;
  try {
    const root = dirname(createRequire(import.meta.url).resolve(`@openai/codex-${platform}/package.json`));
    return join(root, 'vendor', target, 'bin', process.platform === 'win32' ? 'codex.exe' : 'codex');
  } catch {
    return undefined;
  }
}

/** Why a test of Codex is skipped here, or '' where it runs. */
export const CODEX_SKIP_REASON = CODEX_BINARY ? '' : `npm installed no Codex binary for ${process.platform}-${process.arch}`;

/** Where one run lives: Codex keeps its config, state databases and skills under HOME/.codex. */
export interface CodexDirs {
  home: string;
  tmp: string;
  /** The working directory: Codex runs its shell commands and patches here. */
  cwd: string;
  remove(): Promise<void>;
}

export async function createCodexDirs(): Promise<CodexDirs> {
  // The real path: Codex reports the working directory to the model by it.
  const root = await realpath(await mkdtemp(join(tmpdir(), 'switchyard-codex-')));
  const dirs = { home: join(root, 'home'), tmp: join(root, 'tmp'), cwd: join(root, 'cwd') };
  await Promise.all(Object.values(dirs).map((dir) => mkdir(dir)));
  await mkdir(join(dirs.home, '.codex'));
  return { ...dirs, remove: () => rm(root, { recursive: true, force: true }) };
}

export interface CodexOptions {
  /** The provider's `base_url`: the gateway's URL with `/v1`; Codex posts to `${baseUrl}/responses`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer`, read by Codex from the provider's `env_key`. */
  apiKey: string;
  /** Codex sends it as given; a name missing from its bundled catalog gets fallback metadata and a notice. */
  model: string;
  prompt: string;
  /** More `codex exec` arguments, before the prompt: `-c key=value` overrides, `-s read-only`. */
  args?: readonly string[];
}

/** One line of `codex exec --json`. */
export type CodexEvent =
  | { type: 'thread.started'; thread_id: string }
  | { type: 'turn.started' }
  | { type: 'item.started' | 'item.updated' | 'item.completed'; item: CodexItem }
  | { type: 'turn.completed'; usage: CodexUsage }
  | { type: 'turn.failed'; error: { message: string } }
  /** A notice or a retry during the turn; the turn's own failure is `turn.failed`. */
  | { type: 'error'; message: string };

/** An item of the run: `agent_message` (text), `reasoning` (text), `command_execution`, `file_change`, `error` (a notice). */
export interface CodexItem {
  id: string;
  type: string;
  text?: string;
  command?: string;
  aggregated_output?: string;
  exit_code?: number | null;
  status?: string;
}

export interface CodexUsage {
  input_tokens: number;
  cached_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
}

export interface CodexRun {
  code: number | null;
  stdout: string;
  /** Notices, not errors: Codex says there that it reads stdin (here empty). */
  stderr: string;
  /** Stdout's JSON lines; a line that is not JSON (a crash) is left out. */
  events: CodexEvent[];
  /** The last `agent_message`'s text: Codex's answer. */
  finalMessage: string | undefined;
  /** `turn.failed`'s message. */
  failure: string | undefined;
}

/** The provider's id in config.toml; it names nothing outside this file. */
const PROVIDER = 'switchyard';
const KEY_VARIABLE = 'SWITCHYARD_API_KEY';

/**
 * Past this the run is killed: a stream the gateway left open would otherwise hold Codex until
 * the idle limit below. A backstop only; a run takes about a second.
 */
const KILL_AFTER_MS = 50_000;

/**
 * Everything but the provider off: analytics, feedback, OpenTelemetry, the update check, the web
 * search tool, plugins (whose marketplace sync runs `git ls-remote` against GitHub) and apps. Retries
 * off, so that a failure is reported at once: `request_max_retries` (HTTP errors; 4 by default),
 * `stream_max_retries` (a stream cut before `response.completed`; 5 by default), and
 * `unbounded_connection_retries` (a refused connection, retried forever by default). No sandbox and
 * no approvals: the commands are the test's own, and Codex's Linux sandbox needs user namespaces,
 * which many containers do not allow.
 */
export function codexConfig(options: Pick<CodexOptions, 'baseUrl' | 'model'>): string {
  const s = (value: string) => JSON.stringify(value);
  return `model = ${s(options.model)}
model_provider = ${s(PROVIDER)}
approval_policy = "never"
sandbox_mode = "danger-full-access"
check_for_update_on_startup = false
web_search = "disabled"

[analytics]
enabled = false

[feedback]
enabled = false

[otel]
exporter = "none"

[features]
plugins = false
apps = false
unbounded_connection_retries = false

[model_providers.${PROVIDER}]
name = "Switchyard"
base_url = ${s(options.baseUrl)}
env_key = ${s(KEY_VARIABLE)}
wire_api = "responses"
request_max_retries = 0
stream_max_retries = 0
stream_idle_timeout_ms = 30000
`;
}

export async function runCodex(dirs: CodexDirs, options: CodexOptions): Promise<CodexRun> {
  if (!CODEX_BINARY) throw new Error(CODEX_SKIP_REASON);
  const codexHome = join(dirs.home, '.codex');
  await writeFile(join(codexHome, 'config.toml'), codexConfig(options));
  // --strict-config: a key this version no longer knows fails the run instead of being ignored.
  // --ephemeral: no session files; --skip-git-repo-check: the working directory is no repository.
  const args = ['exec', '--json', '--strict-config', '--ephemeral', '--skip-git-repo-check', '--color', 'never', ...(options.args ?? []), options.prompt];
  const child = spawn(CODEX_BINARY, args, {
    cwd: dirs.cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dirs.home,
      CODEX_HOME: codexHome,
      TMPDIR: dirs.tmp,
      [KEY_VARIABLE]: options.apiKey,
    },
    // Codex appends piped stdin to the prompt.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  }).finally(() => clearTimeout(killer));
  const events = parseEvents(stdout);
  return { code, stdout, stderr, events, finalMessage: finalMessage(events), failure: failure(events) };
}

function parseEvents(stdout: string): CodexEvent[] {
  return stdout.split('\n').flatMap((line) => {
    try {
      return line.trim() ? [JSON.parse(line) as CodexEvent] : [];
    } catch {
      return [];
    }
  });
}

function finalMessage(events: readonly CodexEvent[]): string | undefined {
  const messages = events.flatMap((event) => (event.type === 'item.completed' && event.item.type === 'agent_message' ? [event.item.text ?? ''] : []));
  return messages.at(-1);
}

function failure(events: readonly CodexEvent[]): string | undefined {
  const failed = events.find((event): event is Extract<CodexEvent, { type: 'turn.failed' }> => event.type === 'turn.failed');
  return failed?.error.message;
}
