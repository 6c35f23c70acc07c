/**
 * The cold-start benchmark's AWS side, in a process of its own as the real services are across
 * the network: the stack's tables, queues and bucket on loopback (functions/local/embedded-aws.ts),
 * the pricing table seeded as `npm start` seeds it, and the deployment's secret behind a
 * Secrets Manager stand-in (GetSecretValue over its JSON protocol) holding `SECRET_STRING`. Prints
 * one line, `ENV <json>`, with the variables that point a function at them, then serves until its
 * parent ends it.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmbeddedAws } from '../../functions/local/embedded-aws.ts';
import { SECRETS_MANAGER_ENDPOINT_VARIABLE } from '../../functions/config/load-secret-environment.ts';
import { SECRET_ARN_VARIABLE } from '../../functions/infrastructure/resource-definitions.ts';
import { createLogger } from '../../functions/observability/logger.ts';
import { seedLocalPrices } from '../../functions/pricing/seed-local-prices.ts';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:switchyard-coldstart';

const aws = await startEmbeddedAws({ env: process.env });
await seedLocalPrices({ ...process.env, ...aws.env }, createLogger());

const secrets = createServer(async (request, response) => {
  let body = '';
  for await (const chunk of request) body += chunk;
  // BENCH_SECRET_DELAY_MS: the secret a network round trip away, as Secrets Manager is from a new instance (a TLS handshake first).
  await sleep(Number(process.env.BENCH_SECRET_DELAY_MS ?? 0));
  const known = request.headers['x-amz-target'] === 'secretsmanager.GetSecretValue' && (JSON.parse(body) as { SecretId?: string }).SecretId === SECRET_ARN;
  response.writeHead(known ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
  response.end(JSON.stringify(known ? { ARN: SECRET_ARN, Name: 'switchyard', SecretString: process.env.SECRET_STRING ?? '{}' } : { __type: 'ResourceNotFoundException', message: 'no such secret' }));
});
secrets.listen(0, '127.0.0.1');
await once(secrets, 'listening');

const env = { ...aws.env, [SECRET_ARN_VARIABLE]: SECRET_ARN, [SECRETS_MANAGER_ENDPOINT_VARIABLE]: `http://127.0.0.1:${(secrets.address() as AddressInfo).port}` };
process.stdout.write(`ENV ${JSON.stringify(env)}\n`);
process.once('SIGTERM', () => {
  secrets.close();
  void aws.close().then(() => process.exit(0));
});
