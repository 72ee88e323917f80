import { expect, it } from 'vitest';
import { BUNDLED_ORGANISATIONS } from '../../src/visits/organisations.js';
import type { VisitInput } from '../../src/visits/visit-model.js';
import {
  allVisits,
  cancelVisit,
  countHeldUnreported,
  countRows,
  countVisitsInRange,
  createVisit,
  getVisit,
  heldUnreportedVisits,
  listVisits,
  markVisitReported,
  updateVisit,
  visitChanges,
  registrationsBetween,
  visitCountsForYear,
  visitsForYear,
  visitsInRange,
  type ListFilter,
} from '../../src/visits/visit-repository.js';
import { validateVisitValues } from '../../src/visits/visit-validation.js';
import { describeEachDatabase, freshStorePerTest } from '../support/databases.js';

const ctx = {
  today: '2026-06-01',
  defaultZone: 'Europe/Stockholm',
  organisations: BUNDLED_ORGANISATIONS,
  language: 'en' as const,
};

function input(values: Record<string, string>): VisitInput {
  const result = validateVisitValues({ title: 'Visit', kind: 'outgoing', city: 'Vilnius', ...values }, ctx);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.input;
}

const anna = { by: 'slack:U1', now: new Date('2026-06-01T08:00:00Z'), channel: 'slack:C1' };
const bob = { by: 'teams:29:bob', now: new Date('2026-06-02T08:00:00Z'), channel: 'teams:19:x' };

describeEachDatabase('visit repository', (create) => {
  const store = freshStorePerTest(create);

  it('creates a visit and records who created it with which fields', async () => {
    const visit = await createVisit(
      store,
      input({ title: 'Study visit', date: '2026-12-03', time: '10:00', org: 'kronoberg' }),
      anna,
    );
    expect(visit).toMatchObject({
      title: 'Study visit',
      country: 'LT',
      timezone: 'Europe/Vilnius',
      startsAt: '2026-12-03T08:00:00.000Z',
      status: 'planned',
      reportedOn: null,
      createdBy: 'slack:U1',
      createdAt: '2026-06-01T08:00:00.000Z',
      channel: 'slack:C1',
      orgId: 'region-kronoberg',
    });
    expect(await getVisit(store, visit.id)).toEqual(visit);
    expect(await getVisit(store, 999_999)).toBeUndefined();
    expect(await getVisit(store, -1)).toBeUndefined();
    expect(await getVisit(store, 2 ** 40)).toBeUndefined();
    const [change] = await visitChanges(store, visit.id);
    expect(change).toMatchObject({
      action: 'create',
      changedBy: 'slack:U1',
      changedAt: '2026-06-01T08:00:00.000Z',
    });
    expect(change!.changes).toMatchObject({
      title: [null, 'Study visit'],
      start_time: [null, '10:00'],
      status: [null, 'planned'],
    });
  });

  it('records edits as field → [old, new], and nothing for an edit that changes nothing', async () => {
    const visit = await createVisit(
      store,
      input({ title: 'Study visit', date: '2026-12-03', time: '10:00' }),
      anna,
    );
    const edited = await updateVisit(
      store,
      visit.id,
      input({ title: 'Study visit to Alytus', date: '2026-12-03', time: '11:00' }),
      bob,
    );
    expect(edited?.changed.sort()).toEqual(['start_time', 'title']);
    expect(edited?.visit).toMatchObject({
      startTime: '11:00',
      startsAt: '2026-12-03T09:00:00.000Z',
      updatedAt: '2026-06-02T08:00:00.000Z',
    });
    const again = await updateVisit(
      store,
      visit.id,
      input({ title: 'Study visit to Alytus', date: '2026-12-03', time: '11:00' }),
      bob,
    );
    expect(again?.changed).toEqual([]);
    const changes = await visitChanges(store, visit.id);
    expect(changes.map((c) => c.action)).toEqual(['edit', 'create']);
    expect(changes[0]!.changes).toEqual({
      title: ['Study visit', 'Study visit to Alytus'],
      start_time: ['10:00', '11:00'],
    });
    expect(changes[0]!.changedBy).toBe('teams:29:bob');
    expect(await updateVisit(store, 424242, input({ date: '2026-12-03' }), bob)).toBeUndefined();
  });

  it('cancels without deleting and marks reported back', async () => {
    const visit = await createVisit(store, input({ date: '2026-05-03' }), anna);
    const cancelled = await cancelVisit(store, visit.id, bob);
    expect(cancelled?.visit.status).toBe('cancelled');
    expect(await countRows(store, 'visits')).toBe(1);
    const other = await createVisit(store, input({ date: '2026-05-04' }), anna);
    const reported = await markVisitReported(store, other.id, '2026-05-20', anna);
    expect(reported?.visit).toMatchObject({ reportedOn: '2026-05-20', status: 'held' });
    expect((await visitChanges(store, other.id))[0]).toMatchObject({
      action: 'reported',
      changes: { reported_on: [null, '2026-05-20'], status: ['planned', 'held'] },
    });
    expect((await visitChanges(store, visit.id))[0]).toMatchObject({
      action: 'cancel',
      changes: { status: ['planned', 'cancelled'] },
    });
  });

  it('keeps every change when two edits race', async () => {
    const visit = await createVisit(store, input({ title: 'A', date: '2026-12-03' }), anna);
    await Promise.all([
      updateVisit(store, visit.id, input({ title: 'B', date: '2026-12-03' }), anna),
      updateVisit(store, visit.id, input({ title: 'C', date: '2026-12-03' }), bob),
    ]);
    const changes = (await visitChanges(store, visit.id, 10)).filter((c) => c.action === 'edit');
    expect(changes).toHaveLength(2);
    // The second edit saw the first one's result as its "old" value: no lost update.
    const [later, earlier] = changes as [(typeof changes)[0], (typeof changes)[0]];
    expect(later.changes.title![0]).toBe(earlier.changes.title![1]);
    expect((await getVisit(store, visit.id))?.title).toBe(later.changes.title![1]);
  });

  it('pages through lists by (starts_at, id) without gaps or repeats, also on equal start times', async () => {
    const created: number[] = [];
    for (let i = 0; i < 23; i++) {
      const day = String(1 + (i % 6)).padStart(2, '0');
      const v = await createVisit(
        store,
        input({ title: `V${i}`, date: `2026-07-${day}`, time: i % 2 ? '10:00' : '' }),
        i % 3 ? anna : bob,
      );
      created.push(v.id);
    }
    async function collect(filter: ListFilter, limit: number) {
      const seen: number[] = [];
      let after;
      for (let pages = 0; pages < 50; pages++) {
        const page = await listVisits(store, {
          filter,
          today: '2026-06-01',
          userKey: 'slack:U1',
          limit,
          ...(after ? { after } : {}),
        });
        seen.push(...page.visits.map((v) => v.id));
        if (!page.next) return { seen, pages: pages + 1 };
        after = page.next;
      }
      throw new Error('did not end');
    }
    const upcoming = await collect('upcoming', 5);
    expect(upcoming.pages).toBe(5);
    expect(new Set(upcoming.seen).size).toBe(23);
    const rows = await Promise.all(upcoming.seen.map((id) => getVisit(store, id)));
    const keys = rows.map((r) => `${r!.startsAt}|${String(r!.id).padStart(6, '0')}`);
    expect(keys).toEqual([...keys].sort());

    const all = await collect('all', 7);
    expect(all.seen).toEqual([...upcoming.seen].reverse());
    const mine = await collect('mine', 4);
    expect(new Set(mine.seen)).toEqual(new Set(created.filter((_, i) => i % 3 !== 0)));
  });

  it('separates upcoming, past and unreported by the last day, and leaves cancelled visits out', async () => {
    const today = '2026-06-10';
    const past = await createVisit(store, input({ title: 'past', date: '2026-06-01' }), anna);
    const ongoing = await createVisit(
      store,
      input({ title: 'ongoing', date: '2026-06-08', end_date: '2026-06-12' }),
      anna,
    );
    const todays = await createVisit(
      store,
      input({ title: 'today', date: '2026-06-10', time: '08:00' }),
      anna,
    );
    const future = await createVisit(store, input({ title: 'future', date: '2026-07-01' }), anna);
    const reported = await createVisit(store, input({ title: 'reported', date: '2026-05-01' }), anna);
    await markVisitReported(store, reported.id, '2026-05-15', anna);
    const cancelled = await createVisit(store, input({ title: 'cancelled', date: '2026-06-11' }), anna);
    await cancelVisit(store, cancelled.id, anna);
    const list = async (filter: ListFilter) =>
      (await listVisits(store, { filter, today, userKey: 'slack:U1' })).visits.map((v) => v.title);
    expect(await list('upcoming')).toEqual(['ongoing', 'today', 'future']);
    expect(await list('past')).toEqual(['past', 'reported']);
    expect(await list('unreported')).toEqual(['past']);
    expect(await list('all')).toHaveLength(6);
    expect((await heldUnreportedVisits(store, { today })).map((v) => v.id)).toEqual([past.id]);
    expect([ongoing.id, todays.id, future.id]).toHaveLength(3);
  });

  it('answers the digest queries: range, unreported, created since, year counts, org scope', async () => {
    const kron = await createVisit(
      store,
      input({ title: 'k1', date: '2026-03-02', org: 'region-kronoberg' }),
      anna,
    );
    await createVisit(
      store,
      input({
        title: 'k2',
        date: '2026-03-05',
        end_date: '2026-03-09',
        org: 'region-kronoberg',
        kind: 'incoming',
        city: 'Växjö',
      }),
      anna,
    );
    await createVisit(
      store,
      input({ title: 'j1', date: '2026-03-06', org: 'region-jonkopings-lan', kind: 'digital', city: '' }),
      bob,
    );
    const c = await createVisit(
      store,
      input({ title: 'c1', date: '2026-03-07', org: 'region-kronoberg' }),
      bob,
    );
    await cancelVisit(store, c.id, bob);
    await createVisit(store, input({ title: 'old', date: '2025-12-31', time: '23:30' }), anna);
    await createVisit(store, input({ title: 'next', date: '2027-01-01', time: '00:30' }), anna);

    const range = await visitsInRange(store, { from: '2026-03-06', to: '2026-03-08' });
    expect(range.map((v) => v.title)).toEqual(['k2', 'j1']);
    expect(
      (await visitsInRange(store, { from: '2026-03-06', to: '2026-03-08', includeCancelled: true })).map(
        (v) => v.title,
      ),
    ).toEqual(['k2', 'j1', 'c1']);
    expect(
      (await visitsInRange(store, { from: '2026-03-01', to: '2026-03-31', orgId: 'region-kronoberg' })).map(
        (v) => v.title,
      ),
    ).toEqual(['k1', 'k2']);

    const unreported = await heldUnreportedVisits(store, { today: '2026-03-08', orgId: 'region-kronoberg' });
    expect(unreported.map((v) => v.id)).toEqual([kron.id]);
    expect(await heldUnreportedVisits(store, { today: '2026-04-01', limit: 2 })).toHaveLength(2);
    expect(
      (await heldUnreportedVisits(store, { today: '2026-04-01', since: '2026-03-04' })).map((v) => v.title),
    ).toEqual(['k2', 'j1']);

    const registered = (since: string, limit: number, orgId?: string) =>
      registrationsBetween(store, {
        since: new Date(since),
        until: new Date('2026-06-03T00:00:00Z'),
        limit,
        ...(orgId ? { orgId } : {}),
      });
    // Cancelled ones are not new registrations; newest first, bounded, with the full count.
    expect(await registered('2026-06-02T00:00:00Z', 10)).toMatchObject({
      total: 1,
      items: [{ title: 'j1' }],
    });
    const page = await registered('2026-05-31T00:00:00Z', 2);
    expect(page.total).toBe(5);
    expect(page.items.map((v) => v.title)).toEqual(['j1', 'next']);
    expect((await registered('2026-05-31T00:00:00Z', 10, 'region-jonkopings-lan')).total).toBe(1);
    expect(await countVisitsInRange(store, { from: '2026-03-06', to: '2026-03-08' })).toBe(2);
    expect(await visitsInRange(store, { from: '2026-03-01', to: '2026-03-31', limit: 1 })).toHaveLength(1);
    expect(await countHeldUnreported(store, { today: '2026-04-01' })).toBe(4);
    expect(await countHeldUnreported(store, { today: '2026-04-01', since: '2026-03-04' })).toBe(2);
    expect(await countHeldUnreported(store, { today: '2026-04-01', orgId: 'region-kronoberg' })).toBe(2);

    expect(await visitCountsForYear(store, { year: 2026 })).toEqual({
      year: 2026,
      total: 3,
      cancelled: 1,
      byKind: { incoming: 1, outgoing: 1, digital: 1 },
      byCountry: [
        { country: 'LT', count: 1 },
        { country: 'SE', count: 1 },
        { country: null, count: 1 },
      ],
    });
    expect((await visitCountsForYear(store, { year: 2026, orgId: 'region-kronoberg' })).total).toBe(2);
    // The year so far: only visits that had begun by then.
    const soFar = await visitCountsForYear(store, {
      year: 2026,
      startedBy: new Date('2026-03-05T12:00:00Z'),
    });
    expect(soFar).toMatchObject({ total: 2, cancelled: 0, byKind: { incoming: 1, outgoing: 1, digital: 0 } });
    // The year is the venue's: 23:30 on 31 Dec in Vilnius belongs to 2025 although it is 21:30 UTC.
    expect((await visitsForYear(store, { year: 2025 })).map((v) => v.title)).toEqual(['old']);
    expect((await visitsForYear(store, { year: 2027 })).map((v) => v.title)).toEqual(['next']);
    expect((await visitsForYear(store, { year: 2026 })).map((v) => v.title)).toEqual([
      'k1',
      'k2',
      'j1',
      'c1',
    ]);

    const streamed: string[] = [];
    for await (const v of allVisits(store, {}, 2)) streamed.push(v.title);
    expect(streamed).toEqual(['old', 'k1', 'k2', 'j1', 'c1', 'next']);
  });
});
