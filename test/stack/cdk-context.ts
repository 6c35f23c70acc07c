/**
 * The app context the stack tests synthesize with: cdk.json's feature flags, as `cdk synth` uses
 * them. Two of the things synthesis does take seconds a file, and most files only read the
 * template: `bundle: false` skips bundling every function with esbuild (the code becomes a
 * placeholder asset), `validate: false` skips checking the template against CloudFormation's
 * rules. switchyard-stack.test.ts does both, on the stack the others synthesize again.
 */
import { readFileSync } from 'node:fs';
import { BUNDLING_STACKS, VALIDATE_AGAINST_DEFAULT_RULES } from 'aws-cdk-lib/cx-api';

const { context } = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };

export function cdkContext({ bundle = true, validate = true }: { bundle?: boolean; validate?: boolean } = {}): Record<string, unknown> {
  return {
    ...context,
    ...(bundle ? {} : { [BUNDLING_STACKS]: [] }),
    ...(validate ? {} : { [VALIDATE_AGAINST_DEFAULT_RULES]: false }),
  };
}
