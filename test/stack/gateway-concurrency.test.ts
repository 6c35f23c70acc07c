/**
 * The gateway's optional reserved concurrency (`-c gatewayReservedConcurrency=50`): a positive
 * integer from context caps the gateway function, and only it; anything else stops the synth with
 * a message naming the key. Unset, nothing is reserved (switchyard-stack.test.ts).
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GatewayApi } from '../../lib/constructs/gateway-api.ts';
import { SwitchyardStack } from '../../lib/switchyard-stack.ts';

const { context } = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> };

/** A stack with the gateway alone, under this context value. */
const gatewayWith = (value: unknown) => {
  const stack = new Stack(new App({ context: { ...context, gatewayReservedConcurrency: value } }), 'Gateway');
  const gateway = new GatewayApi(stack, 'Api', { authType: FunctionUrlAuthType.NONE, logRetention: RetentionDays.ONE_WEEK });
  return Template.fromStack(stack).findResources('AWS::Lambda::Function')[stack.getLogicalId(gateway.function.node.defaultChild as never)]!;
};

// Synthesized once, outside any test's timeout (bundling six functions takes a while on a busy machine).
const stack = new SwitchyardStack(new App({ context: { ...context, gatewayReservedConcurrency: '50' } }), 'Switchyard', {
  env: { account: '123456789012', region: 'eu-west-1' },
});
const functions = Template.fromStack(stack).findResources('AWS::Lambda::Function');

describe("the gateway's reserved concurrency", () => {
  it('is the context value, given on the command line (a string), on the gateway function and no other', () => {
    const reserved = Object.entries(functions).flatMap(([id, fn]) => (fn.Properties.ReservedConcurrentExecutions === undefined ? [] : [[id, fn.Properties.ReservedConcurrentExecutions]]));
    expect(reserved).toEqual([[stack.getLogicalId(stack.gateway.function.node.defaultChild as never), 50]]);
  });

  it("is the context value given in cdk.json's context (a number)", () => {
    expect(gatewayWith(8).Properties.ReservedConcurrentExecutions).toBe(8);
  });

  it.each([['0'], ['-5'], ['2.5'], ['fifty'], [''], ['1e2'], [' 7'], [0], [2.5], [true]])('stops the synth on %j, saying what it needs', (value) => {
    expect(() => gatewayWith(value)).toThrow(`gatewayReservedConcurrency must be a positive integer (the gateway's concurrent invocations at most), got '${String(value)}'`);
  });
});
