import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnAnsvar } from '../support/child-serve.js';
import { createSqliteTestDatabase } from '../support/databases.js';
import { repoRoot } from '../support/server.js';

/**
 * Docker cannot run here, so this rebuilds what the Dockerfile's runtime stage contains: the build
 * output of `tsconfig.build.json`, plus exactly the paths its `COPY --from=build` lines name, in a
 * folder without the TypeScript sources, and runs `NODE_ENV=production node bin/ansvar.js serve`.
 */
const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');
const stages = dockerfile.split(/^FROM /m).slice(1);
const runtimeStage = stages.at(-1) ?? '';

/** `[source under /app, destination under /app]` pairs of the runtime stage's COPY --from=build lines. */
function runtimeCopies(): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [, rest] of runtimeStage.matchAll(/^COPY --from=build (.+)$/gm)) {
    const words = rest!.split(/\s+/).filter((w) => !w.startsWith('--'));
    const destination = words.pop()!;
    for (const source of words) {
      const relative = source.replace(/^\/app\//, '');
      const target = destination.endsWith('/') ? join(destination, relative.split('/').pop()!) : destination;
      pairs.push([relative, target.replace(/^\.\//, '')]);
    }
  }
  return pairs;
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.js'))
    .map((d) => join(d.parentPath, d.name));
}

describe('the production build (what the Docker image runs)', () => {
  const image = mkdtempSync(join(tmpdir(), 'ansvar-image-'));
  let buildOutput = '';
  let buildExitCode = 0;

  beforeAll(async () => {
    try {
      await promisify(execFile)(
        process.execPath,
        [
          join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'),
          '-p',
          'tsconfig.build.json',
          '--outDir',
          join(image, 'dist'),
        ],
        { cwd: repoRoot },
      );
    } catch (error) {
      const e = error as { code?: number; stdout?: string };
      buildExitCode = e.code ?? 1;
      buildOutput = e.stdout ?? String(error);
    }
    for (const [source, target] of runtimeCopies()) {
      if (source === 'dist') continue;
      const to = join(image, target);
      mkdirSync(dirname(to), { recursive: true });
      // node_modules cannot be pruned here without touching the checkout's; link it instead (the
      // import scan below checks that the build needs production dependencies only).
      if (source === 'node_modules') symlinkSync(join(repoRoot, 'node_modules'), to, 'dir');
      else cpSync(join(repoRoot, source), to, { recursive: true });
    }
  }, 120_000);

  afterAll(() => {
    rmSync(image, { recursive: true, force: true });
  });

  it('the Dockerfile is multi-stage, builds with npm run build, and runs as non-root in production mode', () => {
    expect(stages).toHaveLength(2);
    expect(stages[0]).toMatch(/RUN npm ci/);
    expect(stages[0]).toMatch(/npm run build/);
    expect(stages[0]).toMatch(/npm prune --omit=dev/);
    expect(runtimeStage).toMatch(/^ENV NODE_ENV=production/m);
    expect(runtimeStage).toMatch(/^USER node$/m);
    expect(runtimeStage).toMatch(/^VOLUME \["\/app\/data"\]$/m);
    expect(runtimeStage).toMatch(/^HEALTHCHECK .*\n?.*\/healthz/m);
    expect(runtimeStage).toMatch(/^CMD \["node", ?"bin\/ansvar.js", ?"serve"\]$/m);
    expect(runtimeStage).not.toMatch(/npm (ci|install)/);
    expect(runtimeCopies().map(([source]) => source)).toEqual(
      expect.arrayContaining([
        'dist',
        'node_modules',
        'bin',
        'package.json',
        'knowledge',
        'adapters/web/assets',
      ]),
    );
  });

  it('the app user can write /app/data only: code, dependencies and knowledge stay owned by root', () => {
    expect(runtimeStage).not.toMatch(/--chown/);
    const chowns = [...runtimeStage.matchAll(/\bchown\b[^\n&]*/g)].map((m) => m[0].trim());
    expect(chowns).toEqual(['chown node:node /app/data']);
    expect(runtimeStage.indexOf('chown node:node /app/data')).toBeLessThan(runtimeStage.indexOf('USER node'));
  });

  it('tsx is a dev dependency: the image runs dist/ and prunes it', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    expect(pkg.dependencies).not.toHaveProperty('tsx');
    expect(pkg.devDependencies).toHaveProperty('tsx');
  });

  it('npm run build compiles without errors', () => {
    expect(buildOutput).toBe('');
    expect(buildExitCode).toBe(0);
    expect(existsSync(join(image, 'dist', 'src', 'cli.js'))).toBe(true);
  });

  it('the build output imports production dependencies only', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const allowed = new Set([...Object.keys(pkg.dependencies), ...builtinModules]);
    const unexpected = new Set<string>();
    for (const file of jsFiles(join(image, 'dist'))) {
      const code = readFileSync(file, 'utf8');
      for (const [, specifier] of code.matchAll(
        /(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm,
      )) {
        if (!specifier || specifier.startsWith('.') || specifier.startsWith('node:')) continue;
        const name = specifier.startsWith('@')
          ? specifier.split('/').slice(0, 2).join('/')
          : specifier.split('/')[0]!;
        if (!allowed.has(name)) unexpected.add(`${name} (${file.slice(image.length)})`);
      }
    }
    expect([...unexpected]).toEqual([]);
  });

  it('NODE_ENV=production node bin/ansvar.js serve runs from dist/ and serves the chat page', async () => {
    expect(existsSync(join(image, 'src'))).toBe(false);
    const database = createSqliteTestDatabase();
    const p = spawnAnsvar(
      ['serve'],
      {
        NODE_ENV: 'production',
        PORT: '0',
        LOG_LEVEL: 'info',
        DATABASE_URL: database.url,
        KNOWLEDGE_DIR: join(image, 'knowledge'),
      },
      { bin: join(image, 'bin', 'ansvar.js') },
    );
    try {
      const url = await p.url();
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('/chat/assets/chat.js');
      expect((await fetch(`${url}/chat/assets/chat.js`)).status).toBe(200);
      const turn = await fetch(`${url}/chat/turn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: { type: 'text', text: 'help' } }),
      });
      expect(turn.status).toBe(200);
      p.child.kill('SIGTERM');
      expect((await p.exited).code).toBe(0);
    } finally {
      await p.cleanup();
      await database.drop();
    }
  });
});
