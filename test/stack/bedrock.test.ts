/**
 * Bedrock in the synthesized stack: off by default; with `bedrockRegion` in context, the gateway,
 * worker and probe get the region and exactly the two invoke actions, and cdk-nag stays clean.
 */
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import cdkNag from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { SwitchyardStack } from '../../lib/switchyard-stack.ts';
import { cdkContext } from './cdk-context.ts';

// Checked against CloudFormation's rules too: Bedrock's statements are this file's alone.
const context = cdkContext({ bundle: false });

const { AwsSolutionsChecks } = cdkNag;

type Statement = { Effect: string; Action: unknown; Resource: unknown; Condition?: unknown };

const env = { account: '123456789012', region: 'eu-west-1' };

function synth(extra: Record<string, unknown>) {
  const app = new App({ context: { ...context, ...extra } });
  const stack = new SwitchyardStack(app, 'Switchyard', { env });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, template: Template.fromStack(stack) };
}

const statementsOf = (template: Template, stack: SwitchyardStack, fn: { role?: unknown }) => {
  const role = { Ref: stack.getLogicalId((fn.role as { node: { defaultChild: never } }).node.defaultChild) };
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([role]))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
};

const bedrockStatements = (statements: Statement[]) => statements.filter((s) => JSON.stringify(s.Action).includes('bedrock:'));

describe('Bedrock access', () => {
  it('is off by default: no region variable, no bedrock permission', () => {
    const { stack, template } = synth({});
    for (const fn of [stack.gateway.function, stack.worker.function, stack.probe.function]) {
      expect(bedrockStatements(statementsOf(template, stack, fn))).toEqual([]);
    }
    expect(JSON.stringify(template.toJSON())).not.toContain('SWITCHYARD_BEDROCK_REGION');
  });

  const { app, stack, template } = synth({ bedrockRegion: 'us-east-1' });
  // The stack's region is known, so CDK writes the partition out.
  const actions = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];
  const profiles = 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/*';

  it.each([
    ['gateway', stack.gateway.function],
    ['worker', stack.worker.function],
    ['probe', stack.probe.function],
  ])('grants the %s the two invoke actions on models and profiles in the region, elsewhere only through a profile', (_name, fn) => {
    expect(bedrockStatements(statementsOf(template, stack, fn))).toEqual([
      { Effect: 'Allow', Action: actions, Resource: [profiles, 'arn:aws:bedrock:us-east-1::foundation-model/*'] },
      {
        Effect: 'Allow',
        Action: actions,
        Resource: 'arn:aws:bedrock:*::foundation-model/*',
        Condition: { StringLike: { 'bedrock:InferenceProfileArn': profiles } },
      },
    ]);
    const variables = (template.toJSON().Resources[stack.getLogicalId(fn.node.defaultChild as never)].Properties.Environment.Variables) as Record<string, unknown>;
    expect(variables.SWITCHYARD_BEDROCK_REGION).toBe('us-east-1');
  });

  it('passes cdk-nag with the wildcards acknowledged', () => {
    expect(() => app.synth()).not.toThrow();
  });
});
