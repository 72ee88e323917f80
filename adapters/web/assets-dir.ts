import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The page's static files live in `adapters/web/assets/` of the checkout. From the sources that is
 * next to this module; from the compiled build (`dist/adapters/web/`) it is found by walking up to
 * the package root, where the Docker image keeps a copy too.
 */
export function findAssetsDir(from = dirname(fileURLToPath(import.meta.url))): string {
  const candidates = [join(from, 'assets')];
  for (let dir = from; ; dir = dirname(dir)) {
    candidates.push(join(dir, 'adapters', 'web', 'assets'));
    if (dirname(dir) === dir) break;
  }
  const found = candidates.find((c) => existsSync(join(c, 'index.html')));
  if (!found) throw new Error(`the local chat page's files (adapters/web/assets/index.html) are missing`);
  return found;
}
