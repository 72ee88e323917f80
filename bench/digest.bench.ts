/**
 * Building one weekly digest (all queries + rendering) over 100,000 visits and 100,000 logged
 * questions, on SQLite and (when reachable) PostgreSQL. Target: < 100 ms (median). Figures: all
 * organisations with the reporting rules looked up afresh (cold) and remembered (warm), and one
 * organisation. Also prints the query plans of every read, so a full table scan shows up here.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type KyselyPlugin } from 'kysely';
import { DateTime } from 'luxon';
import pg from 'pg';
import { pino } from 'pino';
import { buildDigest } from '../src/digest/build-digest.js';
import { clearReportingRuleCache } from '../src/digest/reporting-rule.js';
import type { DigestTarget } from '../src/digest/digest-content.js';
import { createKnowledgeService, type KnowledgeService } from '../src/knowledge/service.js';
import { openStore, type Store } from '../src/store/database.js';
import { summarize, timeMs } from './stats.js';

const VISITS = 100_000;
const QUESTIONS = 100_000;
const RUNS = 30;
// Monday 23 November 2026, 08:00 in Stockholm.
const NOW = new Date('2026-11-23T07:00:00Z');
const ORGS = [
  'region-jonkopings-lan',
  'region-kronoberg',
  'landstinget-i-varmland',
  'jonkopings-kommun',
  'landstinget-vasternorrland',
  null,
];
const COUNTRIES = [
  'LT',
  'LV',
  'EE',
  'PL',
  'DE',
  'FI',
  'NO',
  'DK',
  'BE',
  'FR',
  'ES',
  'IT',
  'NL',
  'UA',
  'US',
  'CN',
  'JP',
  'KE',
  'TZ',
  'IN',
  null,
];
const ZONES = ['Europe/Stockholm', 'Europe/Vilnius', 'Europe/Brussels', 'America/New_York', 'Asia/Tokyo'];
const KINDS = ['incoming', 'outgoing', 'digital'];

/** A small deterministic generator so every run measures the same data. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function fill(store: Store): Promise<void> {
  const random = rng(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const first = DateTime.fromISO('2019-01-01', { zone: 'utc' });
  const spanDays = Math.round(DateTime.fromISO('2027-06-30', { zone: 'utc' }).diff(first, 'days').days);
  const chunk = 400;
  await store.db.transaction().execute(async (trx) => {
    for (let offset = 0; offset < VISITS; offset += chunk) {
      const rows = [];
      for (let i = offset; i < Math.min(VISITS, offset + chunk); i++) {
        const zone = pick(ZONES);
        const date = first.plus({ days: Math.floor(random() * spanDays) });
        const hasTime = random() < 0.7;
        const time = hasTime ? `${String(8 + Math.floor(random() * 10)).padStart(2, '0')}:00` : null;
        const start = DateTime.fromISO(`${date.toISODate()}T${time ?? '00:00'}`, { zone });
        const days = random() < 0.6 ? 0 : Math.floor(random() * 5);
        const endDate = days > 0 ? date.plus({ days }).toISODate()! : null;
        // Logged 1–120 days ahead, and never after "now".
        const logged = start.minus({ days: Math.floor(random() * 120) + 1 }).toUTC();
        const created =
          logged.toJSDate() < NOW
            ? logged
            : DateTime.fromJSDate(NOW)
                .minus({ days: Math.floor(random() * 60) + 1 })
                .toUTC();
        const past = start.toJSDate() < NOW;
        const cancelled = random() < 0.05;
        const reported = past && !cancelled && random() < 0.6;
        rows.push({
          org_id: pick(ORGS),
          title: `Visit ${i}: ${pick(['study visit', 'partner meeting', 'delegation', 'conference', 'video call'])}`,
          kind: pick(KINDS),
          counterpart: random() < 0.5 ? `Partner ${i % 977}` : null,
          city: random() < 0.8 ? `City ${i % 311}` : null,
          country: pick(COUNTRIES),
          start_date: date.toISODate()!,
          start_time: time,
          end_date: endDate,
          end_time: null,
          timezone: zone,
          starts_at: start.toUTC().toISO()!,
          ends_at: endDate ? DateTime.fromISO(`${endDate}T23:59`, { zone }).toUTC().toISO()! : null,
          participants: null,
          purpose: null,
          status: cancelled ? 'cancelled' : reported ? 'held' : 'planned',
          reported_on: reported ? (endDate ?? date.toISODate()!) : null,
          created_by: `slack:U${String(i % 400).padStart(6, '0')}`,
          created_at: created.toISO()!,
          updated_at: created.toISO()!,
          channel: null,
        });
      }
      await trx.insertInto('visits').values(rows).execute();
    }
    const questionSpanMs = 365 * 24 * 3600_000;
    for (let offset = 0; offset < QUESTIONS; offset += chunk) {
      const rows = [];
      for (let i = offset; i < Math.min(QUESTIONS, offset + chunk); i++) {
        const answered = random() < 0.7;
        rows.push({
          asked_at: new Date(NOW.getTime() - Math.floor(random() * questionSpanMs)).toISOString(),
          platform: pick(['slack', 'teams']),
          user_key: `slack:U${i % 500}`,
          channel: null,
          question: answered
            ? `Who signs partner agreements number ${i % 50}?`
            : `Who pays for trip type ${i % 700}?`,
          language: 'en',
          org_scope: random() < 0.3 ? pick(ORGS) : null,
          status: answered ? 'answered' : 'no_answer',
          actor: null,
          feedback: null,
          feedback_text: null,
          feedback_at: null,
        });
      }
      await trx.insertInto('question_log').values(rows).execute();
    }
  });
  // PostgreSQL's autovacuum would analyse (and set the visibility map of) a table this size; SQLite
  // is measured as deployed, without ANALYZE statistics.
  if (store.dialect === 'postgres') await sql`vacuum analyze`.execute(store.db);
}

/** A literal for an EXPLAIN of a recorded query (bench values only: dates, ids, short strings). */
function literal(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) return 'null';
  return `'${String(value).replace(/'/g, "''")}'`;
}

/**
 * The query plans of every read one digest build makes (recorded through a kysely plugin, then
 * EXPLAINed with their parameters inlined): a full scan of visits or question_log is flagged.
 */
async function plans(store: Store, knowledge: KnowledgeService, target: DigestTarget): Promise<string[]> {
  const recorded = new Map<string, readonly unknown[]>();
  const executor = store.db.getExecutor();
  const recorder: KyselyPlugin = {
    transformQuery(args) {
      const compiled = executor.compileQuery(args.node, args.queryId);
      if (/^select/i.test(compiled.sql)) recorded.set(compiled.sql, compiled.parameters);
      return args.node;
    },
    async transformResult(args) {
      return args.result;
    },
  };
  await buildDigest({ store: { ...store, db: store.db.withPlugin(recorder) }, knowledge }, target, 'en', NOW);
  const found: string[] = [];
  for (const [text, parameters] of recorded) {
    let i = 0;
    const inlined = text.replace(/\?|\$\d+/g, (placeholder) =>
      literal(placeholder === '?' ? parameters[i++] : parameters[Number(placeholder.slice(1)) - 1]),
    );
    const explained = await sql
      .raw(`${store.dialect === 'sqlite' ? 'explain query plan' : 'explain'} ${inlined}`)
      .execute(store.db);
    const plan = (explained.rows as Record<string, unknown>[])
      .map((r) => String(r.detail ?? r['QUERY PLAN'] ?? '').trim())
      .join(' | ');
    const fullScan = /\bSCAN (visits|question_log)\b(?! USING)|Seq Scan on (visits|question_log)/.test(plan);
    const table = /from "(\w+)"/.exec(text)?.[1] ?? '?';
    found.push(`${fullScan ? 'FULL SCAN ' : ''}${table}: ${plan.replace(/\s+/g, ' ').slice(0, 150)}`);
  }
  return found;
}

async function measure(store: Store, knowledge: KnowledgeService): Promise<Record<string, unknown>> {
  const fillMs = await timeMs(() => fill(store));
  const all = { orgId: null, timezone: 'Europe/Stockholm' };
  const scoped = { orgId: 'region-kronoberg', timezone: 'Europe/Stockholm' };
  for (let i = 0; i < 3; i++) await buildDigest({ store, knowledge }, all, 'en', NOW);
  const coldMs: number[] = [];
  const allMs: number[] = [];
  const scopedMs: number[] = [];
  let size = 0;
  for (let i = 0; i < RUNS; i++) {
    // Cold: every organisation's reporting rule looked up in the knowledge base again.
    clearReportingRuleCache(knowledge);
    coldMs.push(await timeMs(() => buildDigest({ store, knowledge }, all, 'en', NOW)));
    allMs.push(
      await timeMs(
        async () => (size = (await buildDigest({ store, knowledge }, all, 'en', NOW)).blocks.length),
      ),
    );
    scopedMs.push(await timeMs(() => buildDigest({ store, knowledge }, scoped, 'sv', NOW)));
  }
  const cold = summarize(coldMs);
  const warm = summarize(allMs);
  const one = summarize(scopedMs);
  return {
    rows: { visits: VISITS, questions: QUESTIONS },
    fillSeconds: Math.round(fillMs / 100) / 10,
    allOrgsColdMs: cold,
    allOrgsMs: warm,
    oneOrgMs: one,
    blocks: size,
    targetMs: 100,
    withinTarget: cold.p50 < 100 && warm.p50 < 100 && one.p50 < 100,
    plans: { allOrgs: await plans(store, knowledge, all), oneOrg: await plans(store, knowledge, scoped) },
  };
}

export async function run(): Promise<Record<string, unknown>> {
  const log = pino({ level: 'silent' });
  const knowledge = await createKnowledgeService({
    dir: fileURLToPath(new URL('../knowledge', import.meta.url)),
    log,
  });
  const results: Record<string, unknown> = { knowledge: knowledge.stats() };

  const dir = mkdtempSync(join(tmpdir(), 'ansvar-digest-bench-'));
  const sqlite = await openStore(`sqlite:${join(dir, 'bench.db')}`);
  try {
    results.sqlite = await measure(sqlite, knowledge);
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }

  const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1500 });
  try {
    await admin.connect();
  } catch {
    results.postgres = 'not reachable: skipped';
    await knowledge.close();
    return results;
  }
  const name = `ansvar_digest_bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const postgres = await openStore(url.toString());
    try {
      results.postgres = await measure(postgres, knowledge);
    } finally {
      await postgres.close();
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
    await knowledge.close();
  }
  return results;
}
