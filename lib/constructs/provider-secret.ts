/**
 * One Secrets Manager secret for every credential the gateway holds: a JSON object whose keys are
 * the environment variables the gateway reads (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, ...,
 * `SWITCHYARD_API_KEYS`). The deployment generates a random gateway key, so the gateway is
 * usable and closed from its first request; provider keys are added with `put-secret-value`.
 */
import { Validations } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { SECRET_ARN_VARIABLE } from '../../functions/infrastructure/resource-definitions.ts';

export class ProviderSecret extends Construct {
  readonly secret: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: 'Switchyard: provider API keys and gateway keys, as a JSON object of environment variables',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({}),
        generateStringKey: 'SWITCHYARD_API_KEYS',
        // A comma separates gateway keys; letters and digits only keep the key one safe token.
        excludePunctuation: true,
        passwordLength: 48,
      },
    });
    // cdk-nag 3 reads CDK's own acknowledgements (it has no NagSuppressions).
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'The secret holds third-party provider API keys (OpenAI, Anthropic, Google, ...) that can only be issued and revoked in each provider\'s console; Secrets Manager rotation cannot create them. Operators rotate them by issuing a new key there and replacing the secret value (put-secret-value); new function instances read it at their cold start.',
    });
  }

  /**
   * Lets a function read this secret and nothing else: `secretsmanager:GetSecretValue` on this
   * secret's ARN (not `grantRead`, which adds DescribeSecret the gateway never calls), and the
   * secret's ARN in its environment.
   */
  bindReader(fn: LambdaFunction): void {
    fn.addEnvironment(SECRET_ARN_VARIABLE, this.secret.secretArn);
    grantGetSecretValue(fn, this.secret.secretArn);
  }
}

const grantGetSecretValue = (grantee: IGrantable, secretArn: string): void => {
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] }));
};
