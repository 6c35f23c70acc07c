/**
 * What the functions send to SQS (jobs' messages), over SQS's JSON protocol (aws-json-client.ts):
 * the gateway's and the worker's cold starts pay for no SDK client. `SQS_ENDPOINT` points it at an
 * SQS-compatible endpoint (`npm start`'s embedded one): requests go there whatever host the queue
 * URL names, as the URL travels in the body. Receiving (`npm start`'s event source, the tests)
 * uses the SDK's client (aws/sqs-client.ts).
 */
import type { Environment } from '../../config/load-config.ts';
import { awsTarget } from '../aws-client-config.ts';
import { createAwsJsonClient } from '../aws-json-client.ts';

export const SQS_ENDPOINT_VARIABLE = 'SQS_ENDPOINT';

export const SQS = { name: 'sqs', serviceId: 'SQS', targetPrefix: 'AmazonSQS', jsonVersion: '1.0' } as const;

export interface SendMessageInput {
  QueueUrl: string;
  MessageBody: string;
  /** 0 to 900. */
  DelaySeconds?: number;
}

export interface SendMessageBatchInput {
  QueueUrl: string;
  /** At most ten; `Id` tells the entries apart in the answer. */
  Entries: Array<{ Id: string; MessageBody: string; DelaySeconds?: number }>;
}

export interface SendMessageBatchOutput {
  Successful?: Array<{ Id: string; MessageId: string }>;
  /** The entries SQS did not take; the call itself succeeded. */
  Failed?: Array<{ Id: string; Code: string; Message?: string; SenderFault: boolean }>;
}

export interface SqsSender {
  sendMessage(input: SendMessageInput): Promise<{ MessageId?: string }>;
  sendMessageBatch(input: SendMessageBatchInput): Promise<SendMessageBatchOutput>;
  destroy(): void;
}

export function createSqsSender(env: Environment): SqsSender {
  const json = createAwsJsonClient({ service: SQS, ...awsTarget(env, SQS, SQS_ENDPOINT_VARIABLE) });
  return {
    sendMessage: (input) => json.call('SendMessage', input),
    sendMessageBatch: (input) => json.call('SendMessageBatch', input),
    destroy: () => json.destroy(),
  };
}
