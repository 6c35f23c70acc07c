/**
 * The child process of embedded-aws-process.ts: starts the embedded services with the options it
 * is sent, answers with their endpoints, and closes them (releasing the data folder's lock) when
 * told to or when its parent is gone.
 *
 * Ctrl-C in a terminal signals the whole process group: SIGINT and SIGTERM are left to the parent,
 * which stops the gateway first (its last health samples are written here) and then this process.
 */
import { startEmbeddedAws, type EmbeddedAws } from './embedded-aws.ts';
import type { ChildMessage, ParentMessage } from './embedded-aws-process.ts';

let aws: EmbeddedAws | undefined;
let stopping: Promise<void> | undefined;

const reply = (message: ChildMessage, then?: () => void) => process.send?.(message, undefined, {}, then);

function stop(): Promise<void> {
  stopping ??= (async () => {
    try {
      await aws?.close();
    } finally {
      process.exit(0);
    }
  })();
  return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => {});
process.on('disconnect', () => void stop());
process.on('message', (message: ParentMessage) => {
  if (message.type === 'close') {
    void stop();
    return;
  }
  startEmbeddedAws(message.options).then(
    (started) => {
      aws = started;
      const { dynamoDbEndpoint, sqsEndpoint, s3Endpoint, dataDir, tables, queues, buckets, env } = started;
      reply({ type: 'started', aws: { dynamoDbEndpoint, sqsEndpoint, s3Endpoint, dataDir, tables, queues, buckets, env } });
    },
    (error: unknown) => {
      const { name, message: text } = error instanceof Error ? error : new Error(String(error));
      reply({ type: 'failed', error: { name, message: text } }, () => process.exit(1));
    },
  );
});
