/**
 * `npm run size`: bundles each Lambda entry of `FUNCTIONS` and the pricing seed's with the stack's
 * esbuild options (lib/bundling.ts) in memory, and prints each bundle's size and gzip size. Writes nothing.
 */
import { gzipSync } from 'node:zlib';
import { FUNCTIONS } from '../functions/infrastructure/resource-definitions.ts';
import { buildBundle, buildSideFiles } from './build-bundle.ts';
import { PRICING_SEED_FUNCTION } from './constructs/pricing-seed.ts';

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

const rows: string[][] = [['function', 'entry', 'bundle', 'gzip', 'source map']];
for (const [name, { entry }] of Object.entries({ ...FUNCTIONS, pricingSeed: PRICING_SEED_FUNCTION })) {
  const { code, map } = await buildBundle(entry);
  rows.push([name, `functions/${entry}`, kb(code.byteLength), kb(gzipSync(code).byteLength), map ? kb(map.byteLength) : '-']);
}
const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
for (const row of rows) console.log(row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  '));
for (const { file, contents } of await buildSideFiles()) {
  console.log(`beside each bundle, loaded only when asked for: ${file} ${kb(contents.byteLength)} (gzip ${kb(gzipSync(contents).byteLength)})`);
}
