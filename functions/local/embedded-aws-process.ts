/**
 * The embedded DynamoDB, SQS and S3 (embedded-aws.ts) in a child process of their own, so that the
 * gateway's event loop, heap and RSS are its own, as they are in Lambda with DynamoDB across the
 * network: `npm start`'s figures are then the deployed gateway's. The child
 * (embedded-aws-child.ts) takes its options over the IPC channel, answers with the endpoints and
 * variables, and stops when told to, or when this process goes away (the channel closes even on
 * SIGKILL), so no dynalite is left behind holding the data folder's lock.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PortUnavailableError } from './bind-port.ts';
import { DataDirLockedError } from './data-dir-lock.ts';
import type { EmbeddedAws, EmbeddedAwsOptions } from './embedded-aws.ts';

const CHILD = fileURLToPath(new URL('./embedded-aws-child.ts', import.meta.url));

/** What the child sends: the embedded services without their `close`, or why they did not start. */
export type ChildMessage = { type: 'started'; aws: Omit<EmbeddedAws, 'close'> } | { type: 'failed'; error: { name: string; message: string } };
/** What the child is sent. */
export type ParentMessage = { type: 'start'; options: EmbeddedAwsOptions } | { type: 'close' };

export interface EmbeddedAwsProcessOptions extends EmbeddedAwsOptions {
  /** Called when the child exits without having been told to (it crashed or was killed). */
  onUnexpectedExit?: (code: number | null, signal: NodeJS.Signals | null) => void;
}

export async function startEmbeddedAwsProcess(options: EmbeddedAwsProcessOptions = {}): Promise<EmbeddedAws & { pid: number }> {
  const { onUnexpectedExit, ...embedded } = options;
  // No inherited flags (a --cpu-prof or --inspect is meant for the gateway); its logs go where ours do.
  // Nor the gateway's variables (provider keys): the services read only what they are sent.
  const child = fork(CHILD, [], { execArgv: [], env: childEnv(), stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'json' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let closing = false;

  const answer = await new Promise<ChildMessage>((resolve, reject) => {
    const early = (code: number | null, signal: NodeJS.Signals | null) =>
      reject(new Error(`the embedded AWS services' process exited before starting (${signal ?? `status ${code}`})`));
    child.once('message', (message: ChildMessage) => {
      child.off('exit', early).off('error', reject);
      resolve(message);
    });
    child.once('error', reject).once('exit', early);
    send(child, { type: 'start', options: embedded });
  });
  if (answer.type === 'failed') {
    await exited;
    throw rebuildError(answer.error);
  }

  child.once('exit', (code, signal) => {
    if (!closing) onUnexpectedExit?.(code, signal);
  });
  return {
    ...answer.aws,
    pid: child.pid!,
    close: async () => {
      if (!closing && child.exitCode === null && child.signalCode === null) {
        closing = true;
        send(child, { type: 'close' });
      }
      await exited;
    },
  };
}

function childEnv(): Record<string, string> {
  return Object.fromEntries(['PATH', 'HOME', 'TMPDIR', 'NODE_COMPILE_CACHE'].flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
}

function send(child: ChildProcess, message: ParentMessage): void {
  child.send(message);
}

/** The errors callers tell apart by class (main.ts prints a locked data folder in one line). */
function rebuildError({ name, message }: { name: string; message: string }): Error {
  if (name === 'DataDirLockedError') return new DataDirLockedError(message);
  if (name === 'PortUnavailableError') return new PortUnavailableError(message);
  return Object.assign(new Error(message), { name });
}
