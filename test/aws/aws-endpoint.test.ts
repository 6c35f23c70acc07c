/**
 * The JSON-protocol services' endpoints as the AWS SDKs resolve them: the variables that configure
 * one and their order, and the services' own endpoints by partition, FIPS and dual-stack (the
 * endpoint rules of @aws-sdk/client-dynamodb, client-sqs and client-secrets-manager).
 */
import { describe, expect, it } from 'vitest';
import { awsTarget } from '../../functions/aws/aws-client-config.ts';
import { endpointSettings, serviceEndpoint, type EndpointService } from '../../functions/aws/aws-endpoint.ts';

const DYNAMODB: EndpointService = { name: 'dynamodb', serviceId: 'DynamoDB' };
const SECRETS_MANAGER: EndpointService = { name: 'secretsmanager', serviceId: 'Secrets Manager' };

describe('endpointSettings', () => {
  it("takes the application's variable, then AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL", () => {
    const all = { DYNAMODB_ENDPOINT: 'http://own:8000', AWS_ENDPOINT_URL_DYNAMODB: 'http://service:8000', AWS_ENDPOINT_URL: 'http://global:4566' };
    expect(endpointSettings(all, DYNAMODB, 'DYNAMODB_ENDPOINT')).toMatchObject({ endpoint: 'http://own:8000', endpointVariable: 'DYNAMODB_ENDPOINT' });
    expect(endpointSettings({ ...all, DYNAMODB_ENDPOINT: ' ' }, DYNAMODB, 'DYNAMODB_ENDPOINT')).toMatchObject({ endpoint: 'http://service:8000' });
    expect(endpointSettings({ AWS_ENDPOINT_URL: 'http://global:4566' }, DYNAMODB, 'DYNAMODB_ENDPOINT')).toMatchObject({ endpoint: 'http://global:4566' });
    expect(endpointSettings({}, DYNAMODB, 'DYNAMODB_ENDPOINT')).toEqual({ endpoint: undefined, endpointVariable: undefined, fips: false, dualStack: false });
  });

  it("names the service's variable from its SDK service id, spaces as underscores", () => {
    const env = { AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://secrets:4566', AWS_ENDPOINT_URL_DYNAMODB: 'http://dynamodb:8000' };
    expect(endpointSettings(env, SECRETS_MANAGER, 'SECRETS_MANAGER_ENDPOINT').endpoint).toBe('http://secrets:4566');
  });

  it("skips the AWS variables, not the application's own, when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true", () => {
    const env = { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true', AWS_ENDPOINT_URL_DYNAMODB: 'http://service:8000', AWS_ENDPOINT_URL: 'http://global:4566' };
    expect(endpointSettings(env, DYNAMODB, 'DYNAMODB_ENDPOINT').endpoint).toBeUndefined();
    expect(endpointSettings({ ...env, DYNAMODB_ENDPOINT: 'http://own:8000' }, DYNAMODB, 'DYNAMODB_ENDPOINT').endpoint).toBe('http://own:8000');
  });

  it('turns FIPS and dual-stack on with `true` only, as the SDKs read them', () => {
    expect(endpointSettings({ AWS_USE_FIPS_ENDPOINT: 'true', AWS_USE_DUALSTACK_ENDPOINT: 'true' }, DYNAMODB, 'X')).toMatchObject({ fips: true, dualStack: true });
    for (const value of ['TRUE', '1', 'yes', '', 'false']) {
      expect(endpointSettings({ AWS_USE_FIPS_ENDPOINT: value, AWS_USE_DUALSTACK_ENDPOINT: value }, DYNAMODB, 'X')).toMatchObject({ fips: false, dualStack: false });
    }
  });

  it('gives a configured endpoint without a region the local default region, as a custom endpoint always had', () => {
    expect(awsTarget({ AWS_ENDPOINT_URL: 'http://localhost:4566' }, DYNAMODB, 'DYNAMODB_ENDPOINT')).toMatchObject({ endpoint: 'http://localhost:4566', region: 'us-east-1' });
    expect(awsTarget({ AWS_REGION: 'eu-west-1' }, DYNAMODB, 'DYNAMODB_ENDPOINT')).toMatchObject({ region: 'eu-west-1', fips: false, dualStack: false });
  });
});

describe('serviceEndpoint', () => {
  const off = { fips: false, dualStack: false };
  const fips = { fips: true, dualStack: false };
  const dualStack = { fips: false, dualStack: true };
  const both = { fips: true, dualStack: true };

  it("is the service's regional endpoint in the region's partition", () => {
    expect(serviceEndpoint('dynamodb', 'eu-west-1', off)).toBe('https://dynamodb.eu-west-1.amazonaws.com');
    expect(serviceEndpoint('sqs', 'cn-north-1', off)).toBe('https://sqs.cn-north-1.amazonaws.com.cn');
    expect(serviceEndpoint('secretsmanager', 'us-gov-west-1', off)).toBe('https://secretsmanager.us-gov-west-1.amazonaws.com');
  });

  it('names FIPS endpoints -fips, but for DynamoDB and SQS in GovCloud, whose usual endpoints are FIPS ones', () => {
    expect(serviceEndpoint('dynamodb', 'us-east-1', fips)).toBe('https://dynamodb-fips.us-east-1.amazonaws.com');
    expect(serviceEndpoint('sqs', 'cn-northwest-1', fips)).toBe('https://sqs-fips.cn-northwest-1.amazonaws.com.cn');
    expect(serviceEndpoint('dynamodb', 'us-gov-west-1', fips)).toBe('https://dynamodb.us-gov-west-1.amazonaws.com');
    expect(serviceEndpoint('sqs', 'us-gov-east-1', fips)).toBe('https://sqs.us-gov-east-1.amazonaws.com');
    expect(serviceEndpoint('secretsmanager', 'us-gov-west-1', fips)).toBe('https://secretsmanager-fips.us-gov-west-1.amazonaws.com');
  });

  it("puts dual-stack endpoints under the partition's dual-stack suffix, but Secrets Manager's outside China with FIPS", () => {
    expect(serviceEndpoint('dynamodb', 'eu-central-1', dualStack)).toBe('https://dynamodb.eu-central-1.api.aws');
    expect(serviceEndpoint('sqs', 'cn-north-1', dualStack)).toBe('https://sqs.cn-north-1.api.amazonwebservices.com.cn');
    expect(serviceEndpoint('dynamodb', 'us-gov-west-1', both)).toBe('https://dynamodb-fips.us-gov-west-1.api.aws');
    expect(serviceEndpoint('sqs', 'us-east-2', both)).toBe('https://sqs-fips.us-east-2.api.aws');
    expect(serviceEndpoint('secretsmanager', 'us-east-1', dualStack)).toBe('https://secretsmanager.us-east-1.amazonaws.com');
    expect(serviceEndpoint('secretsmanager', 'us-gov-west-1', both)).toBe('https://secretsmanager-fips.us-gov-west-1.amazonaws.com');
    expect(serviceEndpoint('secretsmanager', 'cn-north-1', dualStack)).toBe('https://secretsmanager.cn-north-1.amazonaws.com.cn');
    expect(serviceEndpoint('secretsmanager', 'cn-north-1', both)).toBe('https://secretsmanager-fips.cn-north-1.api.amazonwebservices.com.cn');
  });
});
