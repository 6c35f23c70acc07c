/**
 * What every store reads and writes DynamoDB with: commands holding plain values (commands.ts),
 * sent signed over DynamoDB's JSON protocol (aws/aws-json-client.ts). `DYNAMODB_ENDPOINT` points
 * it at a DynamoDB-compatible endpoint (`npm start`'s embedded one); unset, it talks to DynamoDB
 * in `AWS_REGION`.
 */
import type { Environment } from '../../config/load-config.ts';
import { awsTarget } from '../aws-client-config.ts';
import { createAwsJsonClient, type AwsJsonClient } from '../aws-json-client.ts';
import type { DynamoDbCommand } from './commands.ts';

export const DYNAMODB_ENDPOINT_VARIABLE = 'DYNAMODB_ENDPOINT';

export interface DocumentClient {
  /** The command's answer; a refusal is an AwsServiceError named as DynamoDB names it (`ConditionalCheckFailedException`). */
  send<Output>(command: DynamoDbCommand<Output>): Promise<Output>;
  destroy(): void;
}

export const DYNAMODB = { name: 'dynamodb', serviceId: 'DynamoDB', targetPrefix: 'DynamoDB_20120810', jsonVersion: '1.0' } as const;

function documentClientOver(json: AwsJsonClient): DocumentClient {
  return {
    send: async (command) => command.fromWire(await json.call<Record<string, unknown>>(command.operation, command.toWire())),
    destroy: () => json.destroy(),
  };
}

export function createDynamoDbDocumentClient(env: Environment): DocumentClient {
  return documentClientOver(createAwsJsonClient({ service: DYNAMODB, ...awsTarget(env, DYNAMODB, DYNAMODB_ENDPOINT_VARIABLE) }));
}
