/**
 * `npm run package:teams`: writes the Teams app package (manifest.json + the two icons) to
 * build/ansvar-teams.zip, with the `${{NAME}}` placeholders filled from the environment (or .env),
 * after validating the result against the manifest schema bundled in @microsoft/app-manifest.
 *
 *   BOT_ID        the bot's Microsoft App ID (a GUID), required
 *   BOT_DOMAIN    host name of the public messaging endpoint (e.g. ansvar.region.se), required
 *   DEVELOPER_URL, PRIVACY_URL, TERMS_URL   https pages; default https://BOT_DOMAIN/
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import yazl from 'yazl';
import { loadDotEnv } from '../src/config.js';

const root = fileURLToPath(new URL('..', import.meta.url));
export const MANIFEST_DIR = join(root, 'manifest', 'teams');
export const PACKAGE_PATH = join(root, 'build', 'ansvar-teams.zip');
const ICONS = ['color.png', 'outline.png'] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export type FillResult = { ok: true; manifest: Record<string, unknown> } | { ok: false; problems: string[] };

/** The manifest template with its placeholders filled; one problem line per bad or missing variable. */
export function fillManifest(template: string, env: Record<string, string | undefined>): FillResult {
  const problems: string[] = [];
  const botId = env.BOT_ID?.trim();
  const domain = env.BOT_DOMAIN?.trim();
  if (!botId) problems.push('BOT_ID: required, the Microsoft App ID of the bot (a GUID)');
  else if (!GUID.test(botId)) problems.push(`BOT_ID: must be a GUID (got '${botId}')`);
  if (!domain)
    problems.push(
      'BOT_DOMAIN: required, the host name of the public messaging endpoint (e.g. ansvar.region.se)',
    );
  else if (!HOST.test(domain))
    problems.push(`BOT_DOMAIN: must be a host name without scheme or path (got '${domain}')`);
  const values: Record<string, string> = { BOT_ID: botId ?? '', BOT_DOMAIN: domain ?? '' };
  for (const name of ['DEVELOPER_URL', 'PRIVACY_URL', 'TERMS_URL']) {
    const value = env[name]?.trim() || (domain ? `https://${domain}/` : '');
    if (value && !/^https:\/\/\S+$/.test(value))
      problems.push(`${name}: must be an https URL (got '${value}')`);
    values[name] = value;
  }
  if (problems.length > 0) return { ok: false, problems };

  const filled = template.replace(/\$\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      problems.push(`${name}: the manifest uses \${{${name}}} but nothing provides it`);
      return whole;
    }
    // Values land inside JSON strings.
    return JSON.stringify(value).slice(1, -1);
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, manifest: JSON.parse(filled) as Record<string, unknown> };
}

/** The schema for the manifest's version, read from the package's bundled copy (never fetched). */
export function bundledSchema(manifestVersion: string): object {
  const packageJson = createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json');
  const file = join(
    dirname(packageJson),
    'build',
    'json-schemas',
    'teams',
    `v${manifestVersion}`,
    'MicrosoftTeams.schema.json',
  );
  // The bundled files contain \a and \v escapes that JSON does not allow.
  return JSON.parse(
    readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'),
  ) as object;
}

export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  const schema = bundledSchema(String(manifest.manifestVersion));
  return AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest, schema as never);
}

/** Writes the zip: manifest.json and the icons at the root, as Teams expects. */
export async function writePackage(manifest: Record<string, unknown>, path = PACKAGE_PATH): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const zip = new yazl.ZipFile();
  const fixedTime = new Date('2026-01-01T00:00:00Z');
  zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json', { mtime: fixedTime });
  for (const icon of ICONS) zip.addBuffer(readFileSync(join(MANIFEST_DIR, icon)), icon, { mtime: fixedTime });
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(path);
    out.on('close', resolve);
    out.on('error', reject);
    zip.outputStream.on('error', reject).pipe(out);
  });
}

async function main(): Promise<number> {
  loadDotEnv();
  const template = readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8');
  const filled = fillManifest(template, process.env);
  if (!filled.ok) {
    process.stderr.write(
      `package:teams: cannot build the Teams package:\n${filled.problems.map((p) => `  ${p}`).join('\n')}\n`,
    );
    return 2;
  }
  const errors = await validateManifest(filled.manifest);
  if (errors.length > 0) {
    process.stderr.write(
      `package:teams: the manifest does not match its schema:\n${errors.map((e) => `  ${e}`).join('\n')}\n`,
    );
    return 1;
  }
  await writePackage(filled.manifest);
  process.stdout.write(`wrote ${PACKAGE_PATH}\n`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`package:teams: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
