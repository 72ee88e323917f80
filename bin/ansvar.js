#!/usr/bin/env node
// Runs the TypeScript sources through tsx, or the compiled build in production images.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const compiled = `${root}dist/src/cli.js`;
/** tsx (a dev dependency) runs the sources; without it (a production install) only dist/ can run. */
async function tsxRegister() {
  try {
    return (await import('tsx/esm/api')).register;
  } catch {
    return undefined;
  }
}

const register =
  process.env.NODE_ENV === 'production' && existsSync(compiled) ? undefined : await tsxRegister();
if (register) {
  register();
  await import(pathToFileURL(`${root}src/cli.ts`).href);
} else if (existsSync(compiled)) {
  await import(pathToFileURL(compiled).href);
} else {
  process.stderr.write(
    'ansvar: tsx is not installed and there is no build in dist/: run npm ci (or npm run build)\n',
  );
  process.exitCode = 1;
}
