/**
 * The gateway: the Lambda behind a streaming Function URL (`InvokeMode: RESPONSE_STREAM`), so
 * tokens reach the client as the provider sends them, for up to the function's 15 minutes.
 * Optionally with reserved concurrency (`-c gatewayReservedConcurrency=50`), which bounds how many
 * invocations run at once, so a flood of requests to the public URL is throttled (429) beyond it
 * rather than scaled out.
 */
import { Stack, Token, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
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
    const reservedConcurrency = readReservedConcurrency(this);
    const { function: fn } = new BundledFunction(this, 'Gateway', {
      definition: FUNCTIONS.gateway,
      service: METRICS_SERVICES.gateway,
      description: 'Switchyard gateway: the OpenAI-compatible API behind a streaming Function URL',
      logRetention,
      // Fails closed: outside development and test the gateway refuses to start without gateway keys.
      environment: { NODE_ENV: 'production' },
      ...(reservedConcurrency === undefined ? {} : { reservedConcurrentExecutions: reservedConcurrency }),
    });
    this.function = fn;
    this.url = fn.addFunctionUrl({ authType, invokeMode: InvokeMode.RESPONSE_STREAM });
    bindBedrock(fn);
  }
}

/** The context key (`cdk deploy -c gatewayReservedConcurrency=50`, or cdk.json's `context`). */
export const GATEWAY_RESERVED_CONCURRENCY = 'gatewayReservedConcurrency';

/** The gateway's reserved concurrency from context: unset is none; anything but a positive integer stops the synth. */
function readReservedConcurrency(scope: Construct): number | undefined {
  const value: unknown = scope.node.tryGetContext(GATEWAY_RESERVED_CONCURRENCY);
  if (value === undefined) return undefined;
  // `-c` gives a string, cdk.json a number: digits only, so '1e2', '0x10' and ' 5' are refused rather than read.
  const count = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1) {
    throw new Error(`${GATEWAY_RESERVED_CONCURRENCY} must be a positive integer (the gateway's concurrent invocations at most), got '${String(value)}'`);
  }
  return count;
}

/** Converse and ConverseStream are authorized as these two actions. */
const BEDROCK_INVOKE_ACTIONS = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];

/**
 * Bedrock is opt-in (`-c bedrockRegion=us-east-1`): model access is granted per account. When on,
 * the function gets SWITCHYARD_BEDROCK_REGION and may invoke foundation models and this account's
 * inference profiles in that region, plus the foundation models a cross-Region profile routes to
 * in other Regions, but only through one of those profiles (`bedrock:InferenceProfileArn`).
 * Shared by the gateway, the worker and the probe, which all call providers.
 */
export function bindBedrock(fn: NodejsFunction): void {
  const region: unknown = fn.node.tryGetContext('bedrockRegion');
  if (typeof region !== 'string' || region === '') return;
  const { account, partition } = Stack.of(fn);
  const profiles = `arn:${partition}:bedrock:${region}:${account}:inference-profile/*`;
  fn.addEnvironment('SWITCHYARD_BEDROCK_REGION', region);
  fn.addToRolePolicy(
    new PolicyStatement({ actions: BEDROCK_INVOKE_ACTIONS, resources: [`arn:${partition}:bedrock:${region}::foundation-model/*`, profiles] }),
  );
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: BEDROCK_INVOKE_ACTIONS,
      resources: [`arn:${partition}:bedrock:*::foundation-model/*`],
      conditions: { StringLike: { 'bedrock:InferenceProfileArn': profiles } },
    }),
  );
  const reason =
    'Which Bedrock models a team calls is its runtime choice (any model id in a request): the grant is bounded to the two invoke actions, ' +
    'to foundation models and this account\'s inference profiles in the configured Region, and to foundation models elsewhere only when reached ' +
    'through one of those inference profiles (the cross-Region routing they exist for). Model access itself is enabled per account in Bedrock.';
  // cdk-nag names findings by the resolved ARN: `aws` for the partition, the account when known.
  const accountLabel = Token.isUnresolved(account) ? '<AWS::AccountId>' : account;
  const findings = [`arn:aws:bedrock:${region}::foundation-model/*`, `arn:aws:bedrock:${region}:${accountLabel}:inference-profile/*`, 'arn:aws:bedrock:*::foundation-model/*'];
  for (const resource of findings) {
    if (fn.role) Validations.of(fn.role).acknowledge({ id: `AwsSolutions-IAM5[Resource::${resource}]`, reason });
  }
}
