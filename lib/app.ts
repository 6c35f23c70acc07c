/**
 * The CDK app (`cdk.json`: `node lib/app.ts`). Options come from context:
 *   npx cdk deploy -c functionUrlAuth=AWS_IAM -c stackName=switchyard-staging
 *   npx cdk deploy -c probeTargets=gpt-4o-mini,anthropic/claude-haiku-4-5 -c probeEveryMs=30000
 *   npx cdk deploy -c probeConfig='{"gpt-4o-mini": {"everyMs": 60000}}'
 *   npx cdk deploy -c bedrockRegion=us-east-1   (Bedrock: off unless set; read by the function constructs)
 *   npx cdk deploy -c gatewayReservedConcurrency=50   (none unless set; read by GatewayApi)
 * cdk-nag's AwsSolutions checks run on every synth as a CDK validation plugin; an
 * unacknowledged finding stops the synth with a report.
 */
import { App, Validations } from 'aws-cdk-lib';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
// cdk-nag's CommonJS index re-exports are not all visible to Node's ESM loader: use its default export.
import cdkNag from 'cdk-nag';
import { SwitchyardStack } from './switchyard-stack.ts';

const { AwsSolutionsChecks } = cdkNag;

const app = new App();

const AUTH_TYPES: Record<string, FunctionUrlAuthType> = { NONE: FunctionUrlAuthType.NONE, AWS_IAM: FunctionUrlAuthType.AWS_IAM };
const auth = String(app.node.tryGetContext('functionUrlAuth') ?? 'NONE');
const functionUrlAuthType = AUTH_TYPES[auth];
if (functionUrlAuthType === undefined) throw new Error(`functionUrlAuth must be NONE or AWS_IAM, got '${auth}'`);

const probeEvery: unknown = app.node.tryGetContext('probeEveryMs');
const probeEveryMs = probeEvery === undefined ? undefined : Number(probeEvery);
if (probeEveryMs !== undefined && !(Number.isSafeInteger(probeEveryMs) && probeEveryMs > 0)) throw new Error(`probeEveryMs must be a positive integer, got '${String(probeEvery)}'`);
const probeConfig: unknown = app.node.tryGetContext('probeConfig');

new SwitchyardStack(app, String(app.node.tryGetContext('stackName') ?? 'Switchyard'), {
  description: 'Switchyard: an OpenAI-compatible LLM gateway',
  functionUrlAuthType,
  probeTargets: String(app.node.tryGetContext('probeTargets') ?? ''),
  ...(probeEveryMs === undefined ? {} : { probeEveryMs }),
  // Context from the command line is a string; from cdk.json it may be an object.
  ...(probeConfig === undefined ? {} : { probeConfig: typeof probeConfig === 'string' ? probeConfig : JSON.stringify(probeConfig) }),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
