/** The region a process without AWS_REGION takes: the SDK's own resolution, a profile's region. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { regionOfDefaultChain } from '../../functions/aws/s3/s3-sdk.ts';

const saved = { AWS_REGION: process.env.AWS_REGION, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE, AWS_PROFILE: process.env.AWS_PROFILE };
const dir = mkdtempSync(join(tmpdir(), 'switchyard-aws-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('regionOfDefaultChain', () => {
  it("reads the profile's region from the AWS config file", async () => {
    const file = join(dir, 'config');
    writeFileSync(file, '[default]\nregion = ap-south-1\n\n[profile team]\nregion = eu-north-1\n');
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    process.env.AWS_CONFIG_FILE = file;
    process.env.AWS_PROFILE = 'team';
    expect(await regionOfDefaultChain()).toBe('eu-north-1');
  });
});
