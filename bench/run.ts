/**
 * `npm run bench [-- NAME …]`: runs every bench/*.bench.ts (or the named ones) in one process, one
 * after another, and prints one JSON object: { name: figures, … }. Figures are medians, percentiles
 * and ratios measured within the same run, so they compare fairly on a noisy machine.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface BenchModule {
  run(): Promise<Record<string, unknown>>;
}

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.bench\.ts$/, '')))
  .sort();

const results: Record<string, unknown> = {
  machine: {
    node: process.version,
    cpus: (await import('node:os')).cpus().length,
    date: new Date().toISOString(),
  },
};
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  process.stderr.write(`bench: ${name}…\n`);
  const module = (await import(pathToFileURL(`${dir}${file}`).href)) as BenchModule;
  try {
    results[name] = await module.run();
  } catch (error) {
    results[name] = { error: error instanceof Error ? error.message : String(error) };
    process.exitCode = 1;
  }
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
