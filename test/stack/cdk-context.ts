/**
 * The app context the stack tests synthesize with: cdk.json's feature flags, as `cdk synth` uses
 * them. `templateContext` also skips bundling: a file that only reads the template would otherwise
 * bundle every function with esbuild (seconds each, per file). switchyard-stack.test.ts keeps
 * bundling, so every entry is still bundled once with the stack's real esbuild settings.
 */
import { readFileSync } from 'node:fs';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';

export const cdkContext: Record<string, unknown> = (JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as { context: Record<string, unknown> }).context;

/** cdk.json's context, bundling no stack (the functions' code is a placeholder asset). */
export const templateContext: Record<string, unknown> = { ...cdkContext, [BUNDLING_STACKS]: [] };
