import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { pino, type Logger } from 'pino';
import { PostError, type Poster } from '../../src/core/poster.js';
import type { Reply } from '../../src/core/reply.js';
import type { Platform } from '../../src/core/turn.js';
import type { KnowledgeService, PassageHit } from '../../src/knowledge/service.js';
import type { Store } from '../../src/store/database.js';
import { logQuestion } from '../../src/store/question-log.js';

export const silentLog: Logger = pino({ level: 'silent' });

export interface RecordedPost {
  channelId: string;
  reply: Reply;
  at: Date;
}

/**
 * A poster that records what it is asked to post; `behaviour` decides per call whether it succeeds,
 * fails provably unposted (`fail`, like Slack's channel_not_found), fails with an unknown outcome
 * (`unknown`, like a timeout; `error`, a plain error that says nothing), or hangs.
 */
export function recordingPoster(
  platform: Platform,
  now: () => Date,
  behaviour: (call: number) => 'ok' | 'fail' | 'unknown' | 'error' | 'hang' = () => 'ok',
): Poster & { posts: RecordedPost[]; calls: RecordedPost[] } {
  const posts: RecordedPost[] = [];
  const calls: RecordedPost[] = [];
  return {
    platform,
    posts,
    calls,
    async post(channelId, reply) {
      const record = { channelId, reply, at: now() };
      calls.push(record);
      const mode = behaviour(calls.length);
      if (mode === 'hang') return new Promise<never>(() => undefined);
      if (mode === 'fail') throw new PostError(`channel_not_found (call ${calls.length})`, 'no');
      if (mode === 'unknown') throw new PostError(`timed out (call ${calls.length})`, 'unknown');
      if (mode === 'error') throw new Error(`socket hang up (call ${calls.length})`);
      posts.push(record);
      return { messageId: `m${calls.length}` };
    },
  };
}

export interface VisitSeed {
  title?: string;
  kind?: 'incoming' | 'outgoing' | 'digital';
  orgId?: string | null;
  counterpart?: string | null;
  city?: string | null;
  country?: string | null;
  /** Venue-local start date and optional time. */
  date: string;
  time?: string | null;
  endDate?: string | null;
  timezone?: string;
  status?: 'planned' | 'held' | 'cancelled';
  reportedOn?: string | null;
  createdBy?: string;
  createdAt: Date | string;
}

/** Inserts a visit row as the register stores it (instants derived from venue-local date, time and zone). */
export async function insertVisit(store: Store, seed: VisitSeed): Promise<number> {
  const zone = seed.timezone ?? 'Europe/Stockholm';
  const start = DateTime.fromISO(`${seed.date}T${seed.time ?? '00:00'}`, { zone });
  const end = seed.endDate ? DateTime.fromISO(`${seed.endDate}T23:59`, { zone }) : null;
  const createdAt = typeof seed.createdAt === 'string' ? seed.createdAt : seed.createdAt.toISOString();
  const row = await store.db
    .insertInto('visits')
    .values({
      org_id: seed.orgId ?? null,
      title: seed.title ?? 'Study visit',
      kind: seed.kind ?? 'outgoing',
      counterpart: seed.counterpart ?? null,
      city: seed.city ?? null,
      country: seed.country ?? null,
      start_date: seed.date,
      start_time: seed.time ?? null,
      end_date: seed.endDate ?? null,
      end_time: null,
      timezone: zone,
      starts_at: start.toUTC().toISO()!,
      ends_at: end ? end.toUTC().toISO()! : null,
      participants: null,
      purpose: null,
      status: seed.status ?? 'planned',
      reported_on: seed.reportedOn ?? null,
      created_by: seed.createdBy ?? 'slack:U0CREATOR',
      created_at: createdAt,
      updated_at: createdAt,
      channel: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function insertQuestion(
  store: Store,
  question: string,
  status: 'answered' | 'no_answer',
  askedAt: Date,
  extra: { userKey?: string; orgScope?: string | null } = {},
): Promise<void> {
  await logQuestion(store, {
    askedAt,
    platform: 'slack',
    userKey: extra.userKey ?? 'slack:U0ASKER',
    channel: 'slack:C0ASK',
    question,
    language: 'en',
    orgScope: extra.orgScope ?? null,
    status,
    actor: null,
  });
}

export interface FakePassage {
  orgId: string;
  organization: string;
  text: string;
  section?: string;
}

/**
 * A knowledge base over a handful of passages: `search` returns, for the requested organisation,
 * passages sharing at least one word with the query, most shared words first. It knows nothing
 * about reporting; the digest has to find the rule in whatever passages come back.
 */
export function fakeKnowledge(passages: readonly FakePassage[]): KnowledgeService {
  const words = (text: string) => new Set(text.toLowerCase().match(/\p{L}+/gu) ?? []);
  return {
    answer: (question) => ({ question, language: 'sv', status: 'no_answer', answers: [] }),
    search(query, options) {
      const wanted = words(query);
      return passages
        .filter((p) => !options?.org || p.orgId === options.org)
        .map((p, i): PassageHit => {
          const shared = [...words(p.text)].filter((w) => wanted.has(w)).length;
          return {
            orgId: p.orgId,
            organization: p.organization,
            document: `Policy of ${p.organization}`,
            section: p.section ?? 'Uppföljning',
            text: p.text,
            source: `knowledge/${p.orgId}/policy.md:${10 + i}`,
            score: shared,
          };
        })
        .filter((hit) => hit.score > 0)
        .sort((a, b) => b.score - a.score)
        .slice(0, options?.limit ?? 10);
    },
    organizations: () => [
      ...new Map(passages.map((p) => [p.orgId, { id: p.orgId, name: p.organization }])).values(),
    ],
    stats: () => ({ organizations: 0, documents: 0, passages: passages.length, statements: 0 }),
    close: async () => undefined,
  };
}

/** Ticks `tick` at every step from `from` up to and including `to`, moving the clock. */
export async function tickThrough(
  clock: { set(t: Date | string): void },
  tick: () => Promise<unknown>,
  from: string,
  to: string,
  stepMs: number,
): Promise<void> {
  for (let t = new Date(from).getTime(); t <= new Date(to).getTime(); t += stepMs) {
    clock.set(new Date(t));
    await tick();
  }
}

/**
 * A stand-in search over the real bundled policy texts (the `.md` files under `knowledge/`, one passage per
 * paragraph, citing its line): plain word overlap, nothing about reporting. Used until and beside the
 * real knowledge service, to show the reporting rule is found in whatever the search returns.
 */
export function bundledKnowledgeFake(
  dir = fileURLToPath(new URL('../../knowledge/', import.meta.url)),
): KnowledgeService {
  const passages: (FakePassage & { source: string; document: string })[] = [];
  for (const org of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const orgDir = join(dir, org.name);
    const meta = readFileSync(join(orgDir, 'organisation.yaml'), 'utf8');
    const organization = /^name:\s*(.+)$/m.exec(meta)?.[1]?.trim() ?? org.name;
    for (const file of readdirSync(orgDir).filter((f) => f.endsWith('.md'))) {
      const lines = readFileSync(join(orgDir, file), 'utf8').split('\n');
      const document = /^title:\s*(.+)$/m.exec(lines.join('\n'))?.[1]?.trim() ?? file;
      let section = '';
      lines.forEach((line, i) => {
        if (/^#+\s/.test(line)) section = line.replace(/^#+\s*/, '');
        else if (line.trim().length > 40 && !/^\w+:/.test(line)) {
          passages.push({
            orgId: org.name,
            organization,
            text: line.trim(),
            section,
            document,
            source: `knowledge/${org.name}/${file}:${i + 1}`,
          });
        }
      });
    }
  }
  const words = (text: string) => new Set(text.toLowerCase().match(/\p{L}+/gu) ?? []);
  return {
    answer: (question) => ({ question, language: 'sv', status: 'no_answer', answers: [] }),
    search(query, options) {
      const wanted = words(query);
      return passages
        .filter((p) => !options?.org || p.orgId === options.org)
        .map((p): PassageHit => ({
          orgId: p.orgId,
          organization: p.organization,
          document: p.document,
          section: p.section ?? '',
          text: p.text,
          source: p.source,
          score: [...words(p.text)].filter((w) => wanted.has(w)).length,
        }))
        .filter((hit) => hit.score > 0)
        .sort((a, b) => b.score - a.score)
        .slice(0, options?.limit ?? 10);
    },
    organizations: () => [
      ...new Map(passages.map((p) => [p.orgId, { id: p.orgId, name: p.organization }])).values(),
    ],
    stats: () => ({ organizations: 5, documents: 0, passages: passages.length, statements: 0 }),
    close: async () => undefined,
  };
}
