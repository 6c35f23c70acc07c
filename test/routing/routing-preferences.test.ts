import { describe, expect, it } from 'vitest';
import { CallError } from '../../functions/core/call-error.ts';
import { readRoutingPreferences, regionAllowed } from '../../functions/routing/routing-preferences.ts';

/** The 400 a call throws, for its param and message. */
const rejection = (call: () => unknown): CallError => {
  try {
    call();
  } catch (error) {
    if (error instanceof CallError) return error;
    throw error;
  }
  throw new Error('expected a CallError');
};

describe('readRoutingPreferences', () => {
  it('defaults to standard criticality, no cascade and no SLA', () => {
    expect(readRoutingPreferences({}, undefined)).toEqual({ criticality: 'standard', cascade: false });
  });

  it('reads every header', () => {
    const preferences = readRoutingPreferences(
      {
        'x-switchyard-max-latency-ms': '2500',
        'x-switchyard-max-first-token-ms': '800',
        'x-switchyard-criticality': 'critical',
        'x-switchyard-max-cost-usd': '0.05',
        'x-switchyard-residency': 'EU, us ,eu',
        'x-switchyard-cascade': 'true',
      },
      undefined,
    );
    expect(preferences).toEqual({ maxLatencyMs: 2500, maxFirstTokenMs: 800, criticality: 'critical', maxCostUsd: 0.05, residency: ['eu', 'us'], cascade: true });
  });

  it('reads the body extension, which wins over a header field by field', () => {
    const preferences = readRoutingPreferences(
      { 'x-switchyard-max-latency-ms': '9000', 'x-switchyard-criticality': 'background', 'x-switchyard-residency': 'us' },
      { max_latency_ms: 1200, residency: ['eu'], cascade: false },
    );
    expect(preferences).toEqual({ maxLatencyMs: 1200, criticality: 'background', residency: ['eu'], cascade: false });
  });

  it('treats an empty header as absent', () => {
    expect(readRoutingPreferences({ 'x-switchyard-max-latency-ms': '', 'x-switchyard-criticality': '' }, undefined)).toEqual({ criticality: 'standard', cascade: false });
  });

  it.each([
    [{ 'x-switchyard-max-latency-ms': 'soon' }, 'x-switchyard-max-latency-ms', /positive integer/],
    [{ 'x-switchyard-max-latency-ms': '0' }, 'x-switchyard-max-latency-ms', /positive integer/],
    [{ 'x-switchyard-max-latency-ms': '1.5' }, 'x-switchyard-max-latency-ms', /positive integer/],
    [{ 'x-switchyard-max-first-token-ms': '-3' }, 'x-switchyard-max-first-token-ms', /positive integer/],
    [{ 'x-switchyard-max-latency-ms': '3600001' }, 'x-switchyard-max-latency-ms', /positive integer/],
    [{ 'x-switchyard-criticality': 'urgent' }, 'x-switchyard-criticality', /critical, standard, background/],
    [{ 'x-switchyard-max-cost-usd': '0' }, 'x-switchyard-max-cost-usd', /positive number/],
    [{ 'x-switchyard-max-cost-usd': 'Infinity' }, 'x-switchyard-max-cost-usd', /positive number/],
    [{ 'x-switchyard-residency': 'eu;us' }, 'x-switchyard-residency', /comma-separated/],
    [{ 'x-switchyard-residency': 'eu,' }, 'x-switchyard-residency', /comma-separated/],
    [{ 'x-switchyard-cascade': 'yes' }, 'x-switchyard-cascade', /true or false/],
  ])('rejects the header %o with a 400 naming it', (headers, param, expected) => {
    const error = rejection(() => readRoutingPreferences(headers, undefined));
    expect(error).toMatchObject({ status: 400, param, code: 'invalid_value' });
    expect(error.message).toContain(`'${param}'`);
    expect(error.message).toMatch(expected);
  });

  it.each([
    [{ max_latency_ms: 'fast' }, 'switchyard.max_latency_ms'],
    [{ max_first_token_ms: 0 }, 'switchyard.max_first_token_ms'],
    [{ criticality: 'CRITICAL' }, 'switchyard.criticality'],
    [{ max_cost_usd: -1 }, 'switchyard.max_cost_usd'],
    [{ residency: [] }, 'switchyard.residency'],
    [{ residency: ['eu west'] }, 'switchyard.residency'],
    [{ cascade: 1 }, 'switchyard.cascade'],
  ])('rejects the body field %o with a 400 naming it, even when a valid header is set', (extension, param) => {
    const headers = { 'x-switchyard-max-latency-ms': '1000', 'x-switchyard-criticality': 'standard', 'x-switchyard-max-first-token-ms': '100' };
    const error = rejection(() => readRoutingPreferences(headers, extension));
    expect(error).toMatchObject({ status: 400, param, code: 'invalid_value' });
    expect(error.message).toContain(`'${param}'`);
  });

  it.each([
    [{ max_latency_ms: true }, 'switchyard.max_latency_ms'],
    [{ max_first_token_ms: [500] }, 'switchyard.max_first_token_ms'],
    [{ max_cost_usd: true }, 'switchyard.max_cost_usd'],
  ])('does not coerce a JSON non-number in the body (%o) into a number', (extension, param) => {
    expect(rejection(() => readRoutingPreferences({}, extension))).toMatchObject({ status: 400, param });
  });

  it('rejects an unknown extension field, naming it and the known ones', () => {
    const error = rejection(() => readRoutingPreferences({}, { max_latency: 100 }));
    expect(error).toMatchObject({ status: 400, param: 'switchyard.max_latency', code: 'unknown_parameter' });
    expect(error.message).toContain('max_latency_ms');
  });

  it.each([null, 'critical', 3, [{ criticality: 'critical' }]])('rejects an extension that is not an object (%o)', (extension) => {
    expect(rejection(() => readRoutingPreferences({}, extension))).toMatchObject({ status: 400, param: 'switchyard', code: 'invalid_type' });
  });
});

describe('regionAllowed', () => {
  it('lets any region through without a constraint', () => {
    expect(regionAllowed('cn', undefined)).toBe(true);
  });

  it('meets a prefix constraint with the region itself and its sub-regions only', () => {
    expect(regionAllowed('eu', ['eu'])).toBe(true);
    expect(regionAllowed('eu-central-1', ['eu'])).toBe(true);
    expect(regionAllowed('europe', ['eu'])).toBe(false);
    expect(regionAllowed('us', ['eu'])).toBe(false);
    expect(regionAllowed('us', ['eu', 'us'])).toBe(true);
  });

  it('does not meet a specific region with a broader one', () => {
    expect(regionAllowed('eu', ['eu-central-1'])).toBe(false);
    expect(regionAllowed('eu-west-1', ['eu-central-1'])).toBe(false);
    expect(regionAllowed('eu-central-1', ['eu-central-1'])).toBe(true);
  });
});
