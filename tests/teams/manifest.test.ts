import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { inflateRawSync } from 'node:zlib';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  fillManifest,
  MANIFEST_DIR,
  PACKAGE_PATH,
  validateManifest,
  writePackage,
} from '../../scripts/package-teams.js';
import { drawIcon } from '../../scripts/teams-icons.js';

const run = promisify(execFile);
const template = readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8');
const env = { BOT_ID: '6f1b2f51-3c0e-4a8f-9a55-2c1d0e7b9a10', BOT_DOMAIN: 'ansvar.example.org' };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function filled(): Json {
  const result = fillManifest(template, env);
  if (!result.ok) throw new Error(result.problems.join('\n'));
  return result.manifest;
}

/** The manifest versions whose schemas @microsoft/app-manifest ships (`v1.30` …), newest last. */
function bundledVersions(): string[] {
  const packageJson = createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json');
  return readdirSync(join(dirname(packageJson), 'build', 'json-schemas', 'teams'))
    .map((name) => /^v(\d+)\.(\d+)$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]) || Number(a[2]) - Number(b[2]))
    .map((m) => `${m[1]}.${m[2]}`);
}

/** The files in a zip archive (reads the central directory; stored or deflated entries). */
function unzip(buffer: Buffer): Map<string, Buffer> {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = buffer.readUInt16LE(offset + 10);
    const size = buffer.readUInt32LE(offset + 20);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extra = buffer.readUInt16LE(offset + 30) + buffer.readUInt16LE(offset + 32);
    const local = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    const dataStart = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(dataStart, dataStart + size);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    offset += 46 + nameLength + extra;
  }
  return files;
}

describe('Teams app manifest', () => {
  afterEach(() => vi.restoreAllMocks());

  it('validates against the schema bundled in @microsoft/app-manifest, offline', async () => {
    const fetchSchema = vi.spyOn(AppManifestUtils, 'fetchSchema');
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    const manifest = filled();
    expect(await validateManifest(manifest)).toEqual([]);
    expect(fetchSchema).not.toHaveBeenCalled();
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('uses the newest manifest schema the package bundles, so it cannot silently fall behind', () => {
    const versions = bundledVersions();
    expect(versions.length).toBeGreaterThan(20);
    const newest = versions.at(-1)!;
    expect(Number(newest.split('.')[1])).toBeGreaterThanOrEqual(30);
    const manifest = filled();
    expect(manifest.manifestVersion).toBe(newest);
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/en-us/json-schemas/teams/v${newest}/MicrosoftTeams.schema.json`,
    );
  });

  it('is checked for real: a broken manifest fails the same validation', async () => {
    const manifest = filled();
    manifest.bots[0].scopes = ['everyone'];
    manifest.bots[0].botId = 'not-a-guid';
    const errors = await validateManifest(manifest);
    expect(errors.some((e) => e.includes('/bots/0/scopes/0'))).toBe(true);
    expect(errors.some((e) => e.includes('/bots/0/botId'))).toBe(true);
  });

  it('declares the bot for personal, team and group chat, with files, with the commands', () => {
    const manifest = filled();
    const [bot] = manifest.bots;
    expect(bot.botId).toBe(env.BOT_ID);
    expect(bot.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(bot.supportsFiles).toBe(true);
    const titles = bot.commandLists.flatMap((l: Json) => l.commands.map((c: Json) => c.title));
    for (const word of ['help', 'visit', 'visit list upcoming', 'digest subscribe'])
      expect(titles).toContain(word);
    expect(bot.commandLists.flatMap((l: Json) => l.scopes).sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(manifest.validDomains).toEqual(['ansvar.example.org']);
    expect(manifest.developer.privacyUrl).toBe('https://ansvar.example.org/');
  });

  it('reports every missing or bad variable, one line each', () => {
    expect(fillManifest(template, {})).toEqual({
      ok: false,
      problems: [
        'BOT_ID: required, the Microsoft App ID of the bot (a GUID)',
        'BOT_DOMAIN: required, the host name of the public messaging endpoint (e.g. ansvar.region.se)',
      ],
    });
    const bad = fillManifest(template, {
      BOT_ID: 'abc',
      BOT_DOMAIN: 'https://x.org/path',
      PRIVACY_URL: 'http://x.org',
    });
    expect(bad.ok ? [] : bad.problems.map((p) => p.split(':')[0])).toEqual([
      'BOT_ID',
      'BOT_DOMAIN',
      'PRIVACY_URL',
    ]);
    expect(fillManifest('{"x": "${{UNKNOWN}}"}', env)).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^UNKNOWN:/)],
    });
  });

  it('ships a 192×192 opaque colour icon and a 32×32 white-on-transparent outline icon, as the script draws them', () => {
    const color = PNG.sync.read(readFileSync(join(MANIFEST_DIR, 'color.png')));
    expect([color.width, color.height]).toEqual([192, 192]);
    for (let i = 3; i < color.data.length; i += 4) expect(color.data[i]).toBe(255);

    const outline = PNG.sync.read(readFileSync(join(MANIFEST_DIR, 'outline.png')));
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let opaque = 0;
    let transparent = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      const alpha = outline.data[i + 3]!;
      if (alpha > 0)
        expect([outline.data[i], outline.data[i + 1], outline.data[i + 2]]).toEqual([255, 255, 255]);
      if (alpha === 255) opaque++;
      if (alpha === 0) transparent++;
    }
    expect(opaque).toBeGreaterThan(50);
    expect(transparent).toBeGreaterThan(500);

    expect(
      drawIcon({ size: 32, markScale: 0.9, strokeWidth: 0.16 }).equals(
        readFileSync(join(MANIFEST_DIR, 'outline.png')),
      ),
    ).toBe(true);
  });

  it('writes a package with the filled manifest and both icons at its root', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ansvar-teams-package-'));
    try {
      const path = join(dir, 'ansvar-teams.zip');
      await writePackage(filled(), path);
      const files = unzip(readFileSync(path));
      expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
      expect(JSON.parse(files.get('manifest.json')!.toString('utf8')).bots[0].botId).toBe(env.BOT_ID);
      expect(files.get('color.png')!.equals(readFileSync(join(MANIFEST_DIR, 'color.png')))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('npm run package:teams fails with a clear message without BOT_ID', async () => {
    const { BOT_ID: _id, BOT_DOMAIN: _domain, ...rest } = process.env;
    // From an empty directory, so a developer's .env cannot supply BOT_ID.
    const root = new URL('../../', import.meta.url);
    const script = [new URL('bin/run-ts.js', root), new URL('scripts/package-teams.ts', root)].map(
      (u) => u.pathname,
    );
    const failure = await run(process.execPath, script, { env: rest, cwd: tmpdir() }).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect('code' in failure && failure.code).toBe(2);
    expect((failure as { stderr: string }).stderr).toMatch(/BOT_ID: required/);
    expect(PACKAGE_PATH.endsWith(join('build', 'ansvar-teams.zip'))).toBe(true);
  });
});
