/**
 * AWS's default credential chain (environment, profiles, SSO, web identity, the container and
 * instance roles), as one module loaded only by a process without keys in its environment
 * (`#aws-credential-chain`, a side module beside each bundle: lib/bundling.ts).
 */
export { defaultProvider } from '@aws-sdk/credential-provider-node';
