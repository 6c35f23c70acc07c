/**
 * Seeds the pricing table on deploy: a custom resource whose properties are the dataset's version
 * and a digest of the catalog's models and price overrides, so CloudFormation calls the seed
 * function again exactly when one of them changes. The function (functions/seed-prices.ts) is a
 * BundledFunction like the others; the stack grants it its table through StateTables' `put` bind.
 * The Provider framework's own function gets its own role (no AWS-managed policy) and log group.
 */
import { CustomResource, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import type { Catalog } from '../../functions/catalog/catalog-schema.ts';
import { loadCatalog } from '../../functions/catalog/load-catalog.ts';
import type { FunctionDefinition } from '../../functions/infrastructure/resource-definitions.ts';
import { catalogPricingHash } from '../../functions/pricing/catalog-price-overrides.ts';
import { DATASET_VERSION } from '../../functions/pricing/dataset-version.ts';
import { BundledFunction } from './bundled-function.ts';

/** A few dozen conditional writes: seconds; the margin is for a throttled table. */
export const PRICING_SEED_FUNCTION: FunctionDefinition = { entry: 'seed-prices.ts', timeoutSeconds: 120, memoryMb: 512 };

export interface PricingSeedProps {
  logRetention: RetentionDays;
  /** The catalog the seed function bundles (the bundled one by default): its digest reruns the seed. */
  catalog?: Catalog;
}

export class PricingSeed extends Construct {
  readonly function: NodejsFunction;
  readonly provider: Provider;
  readonly resource: CustomResource;

  constructor(scope: Construct, id: string, { logRetention, catalog = loadCatalog() }: PricingSeedProps) {
    super(scope, id);
    this.function = new BundledFunction(this, 'Seed', {
      definition: PRICING_SEED_FUNCTION,
      service: 'pricing-seed',
      description: 'Switchyard pricing seed: writes the genai-prices dataset and the catalog overrides into the pricing table on deploy',
      logRetention,
      environment: { NODE_ENV: 'production' },
    }).function;

    const frameworkLogs = new LogGroup(this, 'ProviderLogs', { retention: logRetention, removalPolicy: RemovalPolicy.DESTROY });
    const frameworkRole = new Role(this, 'ProviderRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Execution role: the pricing seed custom resource provider (invokes the seed function, writes its own logs)',
    });
    frameworkLogs.grantWrite(frameworkRole);
    this.provider = new Provider(this, 'Provider', {
      onEventHandler: this.function,
      frameworkOnEventRole: frameworkRole,
      logGroup: frameworkLogs,
    });

    // cdk-nag 3 reads CDK's own acknowledgements (it has no NagSuppressions). Only this finding, on
    // this function's ARN: the framework grants itself `lambda:InvokeFunction` on the function and
    // its versions (`<arn>:*`).
    const seedArn = `<${Stack.of(this).getLogicalId(this.function.node.defaultChild as CfnFunction)}.Arn>`;
    Validations.of(frameworkRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${seedArn}:*]`,
      reason:
        "The custom resource Provider framework's own grant: it may invoke the pricing seed function and that function's versions and aliases (`<arn>:*`), one function and nothing else, so CloudFormation's events reach whichever version is deployed.",
    });

    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: this.provider.serviceToken,
      resourceType: 'Custom::SwitchyardPricingSeed',
      properties: { datasetVersion: DATASET_VERSION, overridesHash: catalogPricingHash(catalog) },
    });
  }
}
