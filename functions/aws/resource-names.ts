/**
 * The names of the stack's tables and the URLs of its queues, read from the variables
 * resource-definitions.ts names (the stack sets them on each function; `npm start` on itself).
 */
import type { Environment } from '../config/load-config.ts';
import { QUEUES, TABLES } from '../infrastructure/resource-definitions.ts';

export type TableKey = keyof typeof TABLES;
export type QueueKey = keyof typeof QUEUES;

export interface QueueNames {
  url: string;
  deadLetterQueueUrl: string;
}

export interface ResourceNames {
  tables: Record<TableKey, string>;
  queues: Record<QueueKey, QueueNames>;
}

export class MissingResourceVariableError extends Error {
  override name = 'MissingResourceVariableError';
  readonly variable: string;

  constructor(variable: string, what: string) {
    super(
      `${variable} is not set: it names the ${what}. The stack sets it on each function; \`npm start\` sets it for its embedded endpoints.`,
    );
    this.variable = variable;
  }
}

export function resourceNames(env: Environment): ResourceNames {
  const tables = Object.fromEntries(
    Object.entries(TABLES).map(([key, table]) => [key, required(env, table.envVar, `${table.name} table`)]),
  ) as Record<TableKey, string>;
  const queues = Object.fromEntries(
    Object.entries(QUEUES).map(([key, queue]) => [
      key,
      {
        url: required(env, queue.envVar, `${queue.name} queue's URL`),
        deadLetterQueueUrl: required(env, queue.deadLetterQueue.envVar, `${queue.deadLetterQueue.name} dead-letter queue's URL`),
      },
    ]),
  ) as Record<QueueKey, QueueNames>;
  return { tables, queues };
}

/** One table's name, for a function bound to that table only (the probe has no queue variables). */
export function tableName(env: Environment, key: TableKey): string {
  return required(env, TABLES[key].envVar, `${TABLES[key].name} table`);
}

/**
 * One queue's URL alone, for a function that sends to it (the worker, the poller): the stack binds
 * a sender the queue's URL and no other resource's variable.
 */
export function queueUrl(env: Environment, key: QueueKey): string {
  return required(env, QUEUES[key].envVar, `${QUEUES[key].name} queue's URL`);
}

function required(env: Environment, variable: string, what: string): string {
  const value = env[variable]?.trim();
  if (!value) throw new MissingResourceVariableError(variable, what);
  return value;
}
