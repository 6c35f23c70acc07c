/**
 * A Lambda function from a `FUNCTIONS` definition: bundled by local esbuild (lib/bundling.ts),
 * Node.js 24 on arm64, its own log group with a retention, and its own role that may write to
 * that log group and nothing else until a construct grants it more. Its Powertools metrics (EMF
 * lines in that log group: no further permission) go to the `Switchyard` namespace under its
 * service name.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import type { FunctionDefinition } from '../../functions/infrastructure/resource-definitions.ts';
import { METRICS_NAMESPACE } from '../../functions/observability/metrics.ts';
import { cdkBundling, FUNCTIONS_DIR, PROJECT_ROOT } from '../bundling.ts';

export interface BundledFunctionProps {
  definition: FunctionDefinition;
  description: string;
  /** The Powertools service name (`POWERTOOLS_SERVICE_NAME`): the `service` dimension of its metrics. */
  service: string;
  logRetention: RetentionDays;
  environment?: Record<string, string>;
  /** Concurrent invocations reserved for (and at most allowed to) the function; unreserved by default. */
  reservedConcurrentExecutions?: number;
}

export class BundledFunction extends Construct {
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, { definition, description, service, logRetention, environment, reservedConcurrentExecutions }: BundledFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', { retention: logRetention, removalPolicy: RemovalPolicy.DESTROY });
    // Not the AWS-managed AWSLambdaBasicExecutionRole, which may create any log group and write
    // to every one in the account: this role writes to its own function's group only.
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: `Execution role: ${description}` });
    this.logGroup.grantWrite(role);
    this.function = new NodejsFunction(this, 'Function', {
      entry: join(FUNCTIONS_DIR, definition.entry),
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      timeout: Duration.seconds(definition.timeoutSeconds),
      memorySize: definition.memoryMb,
      description,
      role,
      logGroup: this.logGroup,
      environment: { POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE, POWERTOOLS_SERVICE_NAME: service, ...environment },
      bundling: cdkBundling(),
      ...(reservedConcurrentExecutions === undefined ? {} : { reservedConcurrentExecutions }),
    });
  }
}
