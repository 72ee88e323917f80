/**
 * `npm run bench [-- NAME …]`: runs every bench/*.bench.ts (or the named ones), one after another,
 * each in a process of its own (so memory figures such as the knowledge base's RSS are not inflated
 * by an earlier bench), and prints one JSON object: { name: figures, … }. Figures are medians,
 * percentiles and ratios measured within the same run, so they compare fairly on a noisy machine.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface BenchModule {
  run(): Promise<Record<string, unknown>>;
}

const dir = fileURLToPath(new URL('.', import.meta.url));
const ONE = '--one';

if (process.argv[2] === ONE) {
  // Child: run one bench and print its figures as JSON.
  const module = (await import(pathToFileURL(`${dir}${process.argv[3]}.bench.ts`).href)) as BenchModule;
  process.stdout.write(JSON.stringify(await module.run()));
} else {
  const wanted = process.argv.slice(2);
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.replace(/\.bench\.ts$/, ''))
    .filter((name) => wanted.length === 0 || wanted.includes(name))
    .sort();
  const unknown = wanted.filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    process.stderr.write(`unknown bench: ${unknown.join(', ')}\n`);
    process.exit(2);
  }
  const results: Record<string, unknown> = {
    machine: { node: process.version, cpus: cpus().length, date: new Date().toISOString() },
  };
  const runner = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
  for (const name of names) {
    process.stderr.write(`bench: ${name}…\n`);
    const child = spawnSync(process.execPath, [runner, fileURLToPath(import.meta.url), ONE, name], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });
    try {
      if (child.status !== 0) throw new Error(`exited with ${child.status ?? child.signal}`);
      results[name] = JSON.parse(child.stdout) as unknown;
    } catch (error) {
      results[name] = { error: error instanceof Error ? error.message : String(error) };
      process.exitCode = 1;
    }
  }
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}
