/**
 * The gateway: the Lambda behind a streaming Function URL (`InvokeMode: RESPONSE_STREAM`), so
 * tokens reach the client as the provider sends them, for up to the function's 15 minutes.
 */
import { FunctionUrlAuthType, InvokeMode, type FunctionUrl } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FUNCTIONS } from '../../functions/infrastructure/resource-definitions.ts';
import { METRICS_SERVICES } from '../../functions/observability/metrics.ts';
import { BundledFunction } from './bundled-function.ts';

export interface GatewayApiProps {
  /**
   * `NONE`: the URL is public and the gateway checks its own bearer keys (`SWITCHYARD_API_KEYS`),
   * which is what OpenAI SDKs send. `AWS_IAM`: callers must also sign requests with SigV4.
   */
  authType: FunctionUrlAuthType;
  logRetention: RetentionDays;
}

export class GatewayApi extends Construct {
  readonly function: NodejsFunction;
  readonly url: FunctionUrl;

  constructor(scope: Construct, id: string, { authType, logRetention }: GatewayApiProps) {
    super(scope, id);
    const { function: fn } = new BundledFunction(this, 'Gateway', {
      definition: FUNCTIONS.gateway,
      service: METRICS_SERVICES.gateway,
      description: 'Switchyard gateway: the OpenAI-compatible API behind a streaming Function URL',
      logRetention,
      // Fails closed: outside development and test the gateway refuses to start without gateway keys.
      environment: { NODE_ENV: 'production' },
    });
    this.function = fn;
    this.url = fn.addFunctionUrl({ authType, invokeMode: InvokeMode.RESPONSE_STREAM });
  }
}
