/**
 * The pricing seed in the synthesized stack: a custom resource that reruns when the dataset version
 * or the catalog's prices change, its function's grant (PutItem on the pricing table, nothing else),
 * the Provider framework's narrow role, and cdk-nag clean with one reasoned acknowledgement.
 */
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import cdkNag from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../functions/catalog/load-catalog.ts';
import { TABLES } from '../../functions/infrastructure/resource-definitions.ts';
import { catalogPricingHash } from '../../functions/pricing/catalog-price-overrides.ts';
import { DATASET_VERSION } from '../../functions/pricing/dataset-version.ts';
import { PricingSeed } from '../../lib/constructs/pricing-seed.ts';
import { SwitchyardStack } from '../../lib/switchyard-stack.ts';
import { cdkContext } from './cdk-context.ts';

const context = cdkContext({ bundle: false, validate: false });

const { AwsSolutionsChecks } = cdkNag;
const stack = new SwitchyardStack(new App({ context }), 'Switchyard', { env: { account: '123456789012', region: 'eu-west-1' } });
const template = Template.fromStack(stack);
const logicalId = (construct: { node: { defaultChild?: unknown } }): string => stack.getLogicalId(construct.node.defaultChild as never);
const seed = stack.pricingSeed;
const seedId = logicalId(seed.function);
const seedArn = { 'Fn::GetAtt': [seedId, 'Arn'] };

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };
const statementsOf = (role: unknown): Statement[] =>
  Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: stack.getLogicalId(role as never) }]))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);

describe('the pricing seed', () => {
  it('is a custom resource called through the Provider framework with the dataset version and the catalog\'s pricing digest', () => {
    const resources = template.findResources('Custom::SwitchyardPricingSeed');
    expect(Object.values(resources)).toHaveLength(1);
    const [resource] = Object.values(resources);
    expect(resource!.Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [logicalId(seed.provider.node.findChild('framework-onEvent') as never), 'Arn'] },
      datasetVersion: DATASET_VERSION,
      overridesHash: catalogPricingHash(loadCatalog()),
    });
  });

  it('runs the seed-prices entry on Node.js 24 arm64 with the pricing table\'s name and no other table', () => {
    const fn = template.findResources('AWS::Lambda::Function')[seedId]!;
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      Environment: { Variables: { [TABLES.pricing.envVar]: { Ref: logicalId(stack.state.tables.pricing) }, NODE_ENV: 'production' } },
    });
    expect(Object.keys(fn.Properties.Environment.Variables)).not.toContain(TABLES.jobs.envVar);
    expect(Object.keys(fn.Properties.Environment.Variables)).not.toContain('SWITCHYARD_SECRET_ARN');
  });

  it('may put items into the pricing table and write its own logs, and nothing else', () => {
    const fn = template.findResources('AWS::Lambda::Function')[seedId]!;
    expect(statementsOf(seed.function.role!.node.defaultChild)).toEqual([
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [fn.Properties.LoggingConfig.LogGroup.Ref, 'Arn'] } },
      { Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: { 'Fn::GetAtt': [logicalId(stack.state.tables.pricing), 'Arn'] } },
    ]);
  });

  it('runs only once its grant exists: the function waits for its role\'s policy, the resource for the function', () => {
    const fn = template.findResources('AWS::Lambda::Function')[seedId]!;
    const policyId = stack.getLogicalId(seed.function.role!.node.findChild('DefaultPolicy').node.defaultChild as never);
    expect(fn.DependsOn).toContain(policyId);
    const framework = template.findResources('AWS::Lambda::Function')[logicalId(seed.provider.node.findChild('framework-onEvent') as never)]!;
    expect(JSON.stringify(framework.Properties.Environment.Variables)).toContain(JSON.stringify(seedArn));
  });

  it('gives the Provider framework its own role: invoke the seed function, write its logs, no managed policy', () => {
    const role = seed.node.findChild('ProviderRole');
    const roleResource = template.findResources('AWS::IAM::Role')[stack.getLogicalId(role.node.defaultChild as never)]!;
    expect(roleResource.Properties.ManagedPolicyArns).toBeUndefined();
    const statements = statementsOf(role.node.defaultChild);
    const invoke = statements.filter((statement) => JSON.stringify(statement.Action).includes('lambda:InvokeFunction'));
    expect(invoke).toEqual([{ Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: [seedArn, { 'Fn::Join': ['', [seedArn, ':*']] }] }]);
    expect(statements.flatMap((statement) => statement.Action)).not.toContain('dynamodb:PutItem');
  });

  it('reruns when the catalog\'s prices change: another override, another digest', () => {
    const catalog = loadCatalog();
    const changed = { ...catalog, models: catalog.models.map((model, index) => (index === 0 ? { ...model, pricing: { inputPerMTok: 0.01 } } : model)) };
    const other = new Stack(new App({ context }), 'Other');
    const otherSeed = new PricingSeed(other, 'Pricing', { logRetention: 30, catalog: changed as typeof catalog });
    const [resource] = Object.values(Template.fromStack(other).findResources('Custom::SwitchyardPricingSeed'));
    expect(resource!.Properties.overridesHash).toBe(catalogPricingHash(changed as typeof catalog));
    expect(resource!.Properties.overridesHash).not.toBe(catalogPricingHash(catalog));
    expect(otherSeed.resource).toBeDefined();
  });

  it('leaves cdk-nag nothing to report, with one acknowledgement a reviewer can check, for the framework\'s invoke grant', () => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(seed);
    expect(report.violations.map((violation) => violation.ruleName)).toEqual([]);
    const acknowledgements = seed.node
      .findAll()
      .flatMap((construct) => construct.node.metadata.filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>));
    expect(acknowledgements).toEqual([[expect.stringMatching(/AwsSolutions-IAM5\[Resource::<\w+\.Arn>:\*\]$/), expect.stringMatching(/.{80,}/)]]);
  });
});
