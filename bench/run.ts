/**
 * `npm run bench`: runs every `bench/*.bench.ts` in name order (or those named on the
 * command line: `npm run bench -- engine fanout`). Each prints its own figures; ratios
 * are measured within one run because the machines are shared and noisy.
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface BenchModule {
  run(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => wanted.length === 0 || wanted.includes(basename(file, '.bench.ts')))
  .sort();

if (files.length === 0) {
  console.error(`No benchmark matches ${wanted.join(', ')}.`);
  process.exit(1);
}

console.log(`Herald benchmarks — Node ${process.version}, ${new Date().toISOString()}`);
for (const file of files) {
  console.log(`\n== ${basename(file, '.bench.ts')}`);
  const started = performance.now();
  const bench = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
  await bench.run();
  console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
