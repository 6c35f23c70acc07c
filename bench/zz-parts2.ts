import { buildBundle } from '../lib/build-bundle.ts';
import { gzipSync } from 'node:zlib';
for (const e of ['gateway.ts', 'worker.ts']) {
const { metafile, code } = await buildBundle(e);
const out = Object.values(metafile.outputs).find((o) => o.entryPoint)!;
const rows = Object.entries(out.inputs).filter(([k]) => k.includes('zod')).map(([k, v]) => [k, v.bytesInOutput] as const).sort((a, b) => b[1] - a[1]);
console.log(e, code.byteLength, gzipSync(code).byteLength, 'zod', rows.reduce((s, r) => s + r[1], 0), rows.filter(([k]) => k.includes('locales')).length, 'locale files');
}
