/**
 * Where a JSON-protocol client (aws-json-client.ts) sends its calls, resolved as the AWS SDKs
 * resolve it for DynamoDB, SQS and Secrets Manager, so that moving off the SDK's clients changed
 * no deployment's endpoints:
 *
 * - a configured endpoint: the application's own variable (`DYNAMODB_ENDPOINT`, as a client's
 *   `endpoint`), else `AWS_ENDPOINT_URL_<SERVICE>`, else `AWS_ENDPOINT_URL`; the two AWS variables
 *   are skipped when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is `true`;
 * - otherwise the service's endpoint in the region's partition, FIPS (`AWS_USE_FIPS_ENDPOINT`)
 *   and dual-stack (`AWS_USE_DUALSTACK_ENDPOINT`) as the services' endpoint rules make them;
 * - FIPS or dual-stack with a configured endpoint is refused, as the SDKs refuse it.
 *
 * The SDKs also read endpoints and these settings from the shared config file's profiles, and
 * DynamoDB's account-based endpoints from a known account id; neither is read here (docs/configuration.md).
 */
import type { Environment } from '../config/load-config.ts';

/** A service as its endpoints are named: its hostname label and the SDK's service id (`AWS_ENDPOINT_URL_DYNAMODB`). */
export interface EndpointService {
  name: 'dynamodb' | 'sqs' | 'secretsmanager';
  serviceId: 'DynamoDB' | 'SQS' | 'Secrets Manager';
}

export interface EndpointSettings {
  /** A configured endpoint, from the first variable set (see above); undefined for AWS's own. */
  endpoint: string | undefined;
  /** Which variable it came from, for the error that refuses it with FIPS or dual-stack. */
  endpointVariable: string | undefined;
  fips: boolean;
  dualStack: boolean;
}

export function endpointSettings(env: Environment, service: EndpointService, endpointVariable: string): EndpointSettings {
  const ignoreConfigured = env['AWS_IGNORE_CONFIGURED_ENDPOINT_URLS'] === 'true';
  const candidates = [endpointVariable, ...(ignoreConfigured ? [] : [`AWS_ENDPOINT_URL_${service.serviceId.toUpperCase().replaceAll(' ', '_')}`, 'AWS_ENDPOINT_URL'])];
  const variable = candidates.find((name) => env[name]?.trim());
  return {
    endpoint: variable === undefined ? undefined : env[variable]!.trim(),
    endpointVariable: variable,
    // As the SDKs read them: only `true` turns them on.
    fips: env['AWS_USE_FIPS_ENDPOINT'] === 'true',
    dualStack: env['AWS_USE_DUALSTACK_ENDPOINT'] === 'true',
  };
}

interface Partition {
  name: 'aws' | 'aws-cn' | 'aws-us-gov';
  dnsSuffix: string;
  dualStackDnsSuffix: string;
}

/** The partitions of the SDKs' partitions.json this resolves; a region none of them matches is taken as `aws`'s, as the SDKs take it. */
const PARTITIONS: ReadonlyArray<Partition & { regions: RegExp }> = [
  { name: 'aws-cn', regions: /^cn-\w+-\d+$/, dnsSuffix: 'amazonaws.com.cn', dualStackDnsSuffix: 'api.amazonwebservices.com.cn' },
  { name: 'aws-us-gov', regions: /^us-gov-\w+-\d+$/, dnsSuffix: 'amazonaws.com', dualStackDnsSuffix: 'api.aws' },
];
const AWS: Partition = { name: 'aws', dnsSuffix: 'amazonaws.com', dualStackDnsSuffix: 'api.aws' };

const partitionOf = (region: string): Partition => PARTITIONS.find((partition) => partition.regions.test(region)) ?? AWS;

/** The service's own endpoint in the region, FIPS and dual-stack as the services' endpoint rules name them. */
export function serviceEndpoint(service: EndpointService['name'], region: string, { fips, dualStack }: Pick<EndpointSettings, 'fips' | 'dualStack'>): string {
  const partition = partitionOf(region);
  // GovCloud's usual DynamoDB and SQS endpoints are FIPS endpoints.
  if (fips && !dualStack && partition.name === 'aws-us-gov' && service !== 'secretsmanager') return `https://${service}.${region}.${partition.dnsSuffix}`;
  let suffix = dualStack ? partition.dualStackDnsSuffix : partition.dnsSuffix;
  // Secrets Manager's usual hostnames are dual-stack already, but for FIPS in China.
  if (dualStack && service === 'secretsmanager' && !(fips && partition.name === 'aws-cn')) suffix = partition.dnsSuffix;
  return `https://${fips ? `${service}-fips` : service}.${region}.${suffix}`;
}
