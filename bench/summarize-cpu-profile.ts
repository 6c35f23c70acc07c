/**
 * Where a gateway's CPU time went: `BENCH_CPU_PROF=bench/results/profiles npm run bench` profiles
 * the quiet gateway; `npx node bench/summarize-cpu-profile.ts FILE.cpuprofile [rows]` then prints
 * self time by function and by file, and time including callees by function, as shares of the
 * time the process was not idle. Bundled code (the deployed gateway runs a minified bundle) is
 * named by its original file, line and name, through the source map beside the bundle.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount: number;
  children?: number[];
}

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/summarize-cpu-profile.ts FILE.cpuprofile [rows]');
  process.exit(2);
}
const rows = Number(rowsArg ?? 25);
const { nodes } = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[] };

const parentOf = new Map<number, ProfileNode>();
for (const node of nodes) for (const child of node.children ?? []) parentOf.set(child, node);
const where = (url: string) => url.replace(/^.*?\/(functions|bench|node_modules)\//, '$1/');

const maps = new Map<string, SourceMap | undefined>();
/** The source map beside a bundled file (`index.mjs.map`), if it has one. */
const mapOf = (url: string): SourceMap | undefined => {
  if (!maps.has(url)) {
    const path = url.startsWith('file:') ? `${fileURLToPath(url)}.map` : undefined;
    maps.set(url, path && existsSync(path) ? new SourceMap(JSON.parse(readFileSync(path, 'utf8'))) : undefined);
  }
  return maps.get(url);
};
/** Where a function was written: through the source map for bundled code. */
const codeOf = ({ callFrame }: ProfileNode): { url: string; line: number; name: string } => {
  // findOrigin counts lines and columns from 1, the profile from 0.
  const origin = mapOf(callFrame.url)?.findOrigin(callFrame.lineNumber + 1, callFrame.columnNumber + 1);
  if (!origin || !('fileName' in origin)) return { url: callFrame.url, line: callFrame.lineNumber + 1, name: callFrame.functionName };
  return { url: origin.fileName, line: origin.lineNumber, name: origin.name ?? callFrame.functionName };
};
const nameOf = (node: ProfileNode) => {
  const code = codeOf(node);
  return `${code.name || '(anonymous)'} ${where(code.url)}:${code.line}`;
};
const fileOf = (node: ProfileNode) => {
  const url = where(codeOf(node).url);
  if (url === '') return node.callFrame.functionName;
  // A package counts as one file.
  return url.startsWith('node_modules/') ? url.split('/').slice(0, url.startsWith('node_modules/@') ? 3 : 2).join('/') : url;
};

const selfByFunction = new Map<string, number>();
const selfByFile = new Map<string, number>();
const totalByFunction = new Map<string, number>();
const add = (map: Map<string, number>, key: string, hits: number) => map.set(key, (map.get(key) ?? 0) + hits);
let busy = 0;
for (const node of nodes) {
  if (node.callFrame.functionName === '(idle)') continue;
  busy += node.hitCount;
  add(selfByFunction, nameOf(node), node.hitCount);
  add(selfByFile, fileOf(node), node.hitCount);
  // Each distinct function on the stack once, so recursion is not counted twice.
  const seen = new Set<string>();
  for (let current: ProfileNode | undefined = node; current; current = parentOf.get(current.id)) {
    const name = nameOf(current);
    if (!seen.has(name)) add(totalByFunction, name, node.hitCount);
    seen.add(name);
  }
}

const print = (title: string, map: Map<string, number>) => {
  console.log(`\n${title} (% of busy samples)`);
  for (const [key, hits] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`${((100 * hits) / busy).toFixed(1).padStart(6)}%  ${key}`);
  }
};
console.log(`${busy} busy samples`);
print('Self time by function', selfByFunction);
print('Self time by file', selfByFile);
print('Time including callees, by function', totalByFunction);
