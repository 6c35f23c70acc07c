import { describe, expect, it } from 'vitest';
import { MissingResourceVariableError, queueUrl, resourceNames, tableName } from '../../functions/aws/resource-names.ts';

const complete = {
  HEALTH_TABLE_NAME: 'health-t',
  PRICING_TABLE_NAME: 'pricing-t',
  JOBS_TABLE_NAME: 'jobs-t',
  RESPONSES_TABLE_NAME: 'responses-t',
  JOBS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs',
  JOBS_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs-dlq',
};

describe('resourceNames', () => {
  it('reads table names and queue URLs from the variables the definitions name', () => {
    expect(resourceNames(complete)).toEqual({
      tables: { health: 'health-t', pricing: 'pricing-t', jobs: 'jobs-t', responses: 'responses-t' },
      queues: { jobs: { url: complete.JOBS_QUEUE_URL, deadLetterQueueUrl: complete.JOBS_DLQ_URL } },
    });
  });

  it.each(Object.keys(complete))('names %s when it is missing or blank', (variable) => {
    for (const value of [undefined, '  ']) {
      const env = { ...complete, [variable]: value };
      expect(() => resourceNames(env)).toThrow(MissingResourceVariableError);
      expect(() => resourceNames(env)).toThrow(new RegExp(`^${variable} is not set`));
    }
  });

  it('reads one table\'s name alone, for a function bound to that table only', () => {
    expect(tableName({ HEALTH_TABLE_NAME: 'health-t' }, 'health')).toBe('health-t');
    expect(() => tableName({ JOBS_TABLE_NAME: 'jobs-t' }, 'health')).toThrow(/^HEALTH_TABLE_NAME is not set/);
  });

  it('reads one queue\'s URL alone, for a function the stack binds as the queue\'s sender only (the worker, the poller)', () => {
    expect(queueUrl({ JOBS_QUEUE_URL: complete.JOBS_QUEUE_URL }, 'jobs')).toBe(complete.JOBS_QUEUE_URL);
    expect(() => queueUrl({ JOBS_DLQ_URL: complete.JOBS_DLQ_URL }, 'jobs')).toThrow(/^JOBS_QUEUE_URL is not set/);
  });
});
