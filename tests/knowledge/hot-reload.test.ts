import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createKnowledgeService,
  KnowledgeLoadError,
  type KnowledgeService,
} from '../../src/knowledge/service.js';
import { copyOfKnowledge } from './support/knowledge.js';

interface Reload {
  ok: boolean;
  problems: readonly string[];
}

function reloadWatcher() {
  const waiting: ((r: Reload) => void)[] = [];
  const seen: Reload[] = [];
  return {
    onReload: (r: Reload) => {
      seen.push(r);
      waiting.shift()?.(r);
    },
    next: () =>
      new Promise<Reload>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no reload within 10 s (seen: ${JSON.stringify(seen)})`)),
          10_000,
        );
        waiting.push((r) => {
          clearTimeout(timer);
          resolve(r);
        });
      }),
  };
}

let service: KnowledgeService | undefined;
afterEach(async () => {
  await service?.close();
  service = undefined;
});

describe('knowledge hot reload', () => {
  it('picks up edits and new organisations, and keeps the last good index when a file is broken', async () => {
    const dir = copyOfKnowledge();
    const logs: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
    const reloads = reloadWatcher();
    service = await createKnowledgeService({
      dir,
      log,
      watch: true,
      debounceMs: 50,
      onReload: reloads.onReload,
    });
    const actor = () =>
      service!.answer('Vem tar emot utländska gäster?', { org: 'jonkopings-kommun' }).answers[0]?.actor;
    expect(actor()).toBe('Kommunfullmäktiges presidium');

    const doc = join(dir, 'jonkopings-kommun', 'internationell-strategi.md');
    const original = readFileSync(doc, 'utf8');
    writeFileSync(
      doc,
      original.replace(
        'svarar även för vänortssamarbetet och tar emot utländska gäster.',
        'svarar även för vänortssamarbetet.\n\nKommunstyrelsen tar emot utländska gäster.',
      ),
    );
    expect(await reloads.next()).toEqual({ ok: true, problems: [] });
    expect(actor()).toBe('Kommunstyrelsen');

    const orgFile = join(dir, 'jonkopings-kommun', 'organisation.yaml');
    const goodOrg = readFileSync(orgFile, 'utf8');
    const kindLine = goodOrg.split('\n').findIndex((l) => l.startsWith('kind: municipality')) + 1;
    expect(kindLine).toBeGreaterThan(1);
    writeFileSync(orgFile, goodOrg.replace('kind: municipality', 'kind: municipality: town'));
    const broken = await reloads.next();
    expect(broken.ok).toBe(false);
    expect(broken.problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `jonkopings-kommun/organisation\\.yaml:${kindLine}: YAML: Nested mappings are not allowed`,
        ),
      ),
    ]);
    expect(actor()).toBe('Kommunstyrelsen');
    expect(service.stats().organizations).toBe(5);
    expect(
      logs.some((l) => l.includes('keeping the last good index') && l.includes('organisation.yaml')),
    ).toBe(true);

    // A syntax error in a document's front matter is reported at its line in the document.
    writeFileSync(orgFile, goodOrg);
    expect((await reloads.next()).ok).toBe(true);
    const current = readFileSync(doc, 'utf8');
    const typeLine = current.split('\n').findIndex((l) => l.startsWith('documentType:')) + 1;
    writeFileSync(doc, current.replace(/^documentType: (.*)$/m, 'documentType: $1: draft'));
    const brokenDoc = await reloads.next();
    expect(brokenDoc.problems).toEqual([
      expect.stringMatching(
        new RegExp(`jonkopings-kommun/internationell-strategi\\.md:${typeLine}: YAML: Nested mappings`),
      ),
    ]);
    expect(actor()).toBe('Kommunstyrelsen');
    writeFileSync(doc, current);
    expect((await reloads.next()).ok).toBe(true);

    // Adding an organisation is adding files.
    const newOrg = join(dir, 'region-testland');
    cpSync(join(dir, 'landstinget-vasternorrland'), newOrg, { recursive: true });
    writeFileSync(
      join(newOrg, 'organisation.yaml'),
      readFileSync(join(newOrg, 'organisation.yaml'), 'utf8')
        .replace('id: landstinget-vasternorrland', 'id: region-testland')
        .replace('name: Landstinget Västernorrland', 'name: Region Testland')
        .replace(/names:\n(?: {2}- .*\n)+/, 'names:\n  - Region Testland\n  - Testland\n'),
    );
    writeFileSync(
      join(newOrg, 'internationell-policy.md'),
      readFileSync(join(newOrg, 'internationell-policy.md'), 'utf8').replace(
        'organisation: landstinget-vasternorrland',
        'organisation: region-testland',
      ),
    );
    let result = await reloads.next();
    while (!result.ok) result = await reloads.next();
    expect(service.organizations().map((o) => o.id)).toContain('region-testland');
    expect(service.answer('Vem beslutar om vänortssamarbeten i Testland?').answers[0]).toMatchObject({
      orgId: 'region-testland',
      actor: 'Landstingsfullmäktige',
      source: expect.stringMatching(/^knowledge\/region-testland\/internationell-policy\.md:\d+$/),
    });
  });

  it('refuses to start on a broken knowledge folder, listing the problems', async () => {
    const dir = copyOfKnowledge();
    writeFileSync(join(dir, 'language.yaml'), 'stopwords: nope\n');
    const error = await createKnowledgeService({ dir, log: pino({ level: 'silent' }) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KnowledgeLoadError);
    expect((error as KnowledgeLoadError).problems.join('\n')).toMatch(
      /language\.yaml:1: stopwords: Expected object, received string/,
    );
  });
});
