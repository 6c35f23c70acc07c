/**
 * `npm run size`: bundles each Lambda entry of `FUNCTIONS` and the pricing seed's with the stack's
 * esbuild options (lib/bundling.ts) in memory, and prints each bundle's size and gzip size. Writes nothing.
 */
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { FUNCTIONS } from '../functions/infrastructure/resource-definitions.ts';
import { esbuildOptions } from './bundling.ts';
import { PRICING_SEED_FUNCTION } from './constructs/pricing-seed.ts';

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

const rows: string[][] = [['function', 'entry', 'bundle', 'gzip', 'source map']];
for (const [name, { entry }] of Object.entries({ ...FUNCTIONS, pricingSeed: PRICING_SEED_FUNCTION })) {
  const result = await build({ ...esbuildOptions(entry), write: false, logLevel: 'warning' });
  const code = result.outputFiles.find((file) => file.path.endsWith('.mjs'));
  const map = result.outputFiles.find((file) => file.path.endsWith('.map'));
  if (code === undefined) throw new Error(`esbuild produced no bundle for ${entry}`);
  rows.push([name, `functions/${entry}`, kb(code.contents.byteLength), kb(gzipSync(code.contents).byteLength), map ? kb(map.contents.byteLength) : '-']);
}
const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
for (const row of rows) console.log(row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
