import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLASH_COMMANDS } from '../../adapters/slack/listeners/commands.js';
import { BOT_EVENTS, BOT_SCOPES, SLACK_EVENTS_PATH } from '../../adapters/slack/slack-app.js';

/**
 * The Slack app manifest is parsed and type-checked by the TypeScript compiler against
 * `AppsManifestValidateArguments['manifest']` from @slack/web-api (`satisfies`, so a misspelt key,
 * an unknown scope or a wrong type is a compile error), then checked against what the code handles.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifestPath = join(root, 'manifest/slack/manifest.yaml');
const manifest = parse(readFileSync(manifestPath, 'utf8')) as Json;

/** Type-checks `value` against the manifest type with the project's compiler options; returns the errors. */
function typeErrors(value: unknown): string[] {
  const file = join(root, 'tests/slack/__manifest_check__.ts');
  const source = [
    "import type { webApi } from '@slack/bolt';",
    "type Manifest = webApi.AppsManifestValidateArguments['manifest'];",
    `export const manifest = ${JSON.stringify(value, null, 2)} satisfies Manifest;`,
  ].join('\n');
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (
    (exists) => (name: string) =>
      name === file || exists(name)
  )(host.fileExists.bind(host));
  host.readFile = (name) => (name === file ? source : readFile(name));
  host.getSourceFile = (name, language, onError, create) =>
    name === file
      ? ts.createSourceFile(name, source, language)
      : getSourceFile(name, language, onError, create);
  const program = ts.createProgram([file], { ...options, noEmit: true, types: ['node'] }, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === file || !d.file)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('Slack app manifest', () => {
  it('type-checks against @slack/web-api’s manifest type', () => {
    expect(typeErrors(manifest)).toEqual([]);
  }, 60_000);

  it('fails the type check for a wrong shape (the check can fail)', () => {
    const typo = structuredClone(manifest);
    typo.features.slash_commands[0].descripton = typo.features.slash_commands[0].description;
    delete typo.features.slash_commands[0].description;
    expect(typeErrors(typo).length).toBeGreaterThan(0);
    const scope = structuredClone(manifest);
    scope.oauth_config.scopes.bot.push('chat:wrte');
    expect(typeErrors(scope).join('\n')).toMatch(/chat:wrte/);
  }, 60_000);

  it('declares every command, event and scope the adapter uses', () => {
    expect(manifest.features.slash_commands.map((c: Json) => c.command).sort()).toEqual(
      [...SLASH_COMMANDS].sort(),
    );
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...BOT_EVENTS].sort());
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
    // Exports are uploaded as files (files:write), into the user's DM when asked for in a channel (im:write).
    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['files:write', 'im:write']));
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
  });

  it('sends everything to the one endpoint, with placeholders to replace', () => {
    const urls = [
      ...manifest.features.slash_commands.map((c: Json) => c.url),
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    for (const url of urls)
      expect(url).toMatch(new RegExp(`^https://ansvar\\.example\\.org${SLACK_EVENTS_PATH}$`));
  });

  it('stays within Slack’s manifest limits', () => {
    const info = manifest.display_information;
    expect(info.name.length).toBeLessThanOrEqual(35);
    expect(info.description.length).toBeLessThanOrEqual(140);
    expect(info.long_description.length).toBeGreaterThanOrEqual(175);
    expect(info.long_description.length).toBeLessThanOrEqual(4000);
    expect(manifest.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
    for (const c of manifest.features.slash_commands) {
      expect(c.command.length).toBeLessThanOrEqual(32);
      expect(c.usage_hint.length).toBeLessThanOrEqual(1000);
    }
    expect(dirname(manifestPath)).toMatch(/manifest\/slack$/);
  });
});
