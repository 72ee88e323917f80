import fc from 'fast-check';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  findFiles,
  findForm,
  replyToPlainText,
  type Block,
  type Button,
  type Reply,
} from '../../src/core/reply.js';
import { visitsTotal } from '../../src/observability/metrics.js';
import type { Store } from '../../src/store/database.js';
import { countRows, getVisit, visitChanges } from '../../src/visits/visit-repository.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { createTestCore, readCsv, type TestCore } from './support.js';

function buttons(r: Reply): Button[] {
  return r.blocks.flatMap((b: Block) => (b.type === 'buttons' ? b.buttons : []));
}
function button(r: Reply, action: string): Button {
  const found = buttons(r).find((b) => b.action === action);
  if (!found) throw new Error(`no ${action} button in ${JSON.stringify(r.blocks)}`);
  return found;
}
function text(r: Reply): string {
  return replyToPlainText(r);
}
async function visitCount(action: string): Promise<number> {
  const metric = await visitsTotal.get();
  return metric.values.find((v) => v.labels.action === action)?.value ?? 0;
}
function loggedId(r: Reply): number {
  const m = /Visit #(\d+) logged|Besök #(\d+) registrerat/.exec(r.text);
  if (!m) throw new Error(`not a logged visit: ${r.text}`);
  return Number(m[1] ?? m[2]);
}

describeEachDatabase('visit command', (create) => {
  let database: TestDatabase;
  let store: Store;
  let t: TestCore;
  const asBob = { platform: 'teams' as const, userId: '29:bob' };
  const asAdmin = { platform: 'slack' as const, userId: 'UADMIN' };

  beforeEach(async () => {
    database = await create();
    store = await database.open();
    // Sunday 22 November 2026, 10:00 in Stockholm
    t = createTestCore(store, { now: '2026-11-22T09:00:00Z', admins: 'slack:UADMIN' });
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it('opens the form for `visit` and `visit add` without arguments', async () => {
    for (const message of ['visit', 'visit add', 'besök']) {
      const r = await t.send(message);
      const form = findForm(r);
      expect(form?.id).toBe('visit');
      expect(r.visibility).toBe('private');
      expect(form?.state).toBeUndefined();
      expect(form?.fields.map((f) => [f.name, f.kind, f.required])).toEqual([
        ['title', 'text', true],
        ['kind', 'radio', true],
        ['counterpart', 'text', false],
        ['city', 'text', false],
        ['country', 'select', false],
        ['date', 'date', true],
        ['time', 'time', false],
        ['timezone', 'select', false],
        ['end_date', 'date', false],
        ['end_time', 'time', false],
        ['participants', 'textarea', false],
        ['purpose', 'textarea', false],
        ['org', 'select', false],
      ]);
      const field = (name: string) => form!.fields.find((f) => f.name === name)!;
      expect(field('kind').options?.map((o) => o.value)).toEqual(['incoming', 'outgoing', 'digital']);
      expect(field('country').options?.length).toBeGreaterThan(240);
      expect(field('timezone').options?.some((o) => o.value === 'Europe/Vilnius')).toBe(true);
      expect(field('org').options?.map((o) => o.value)).toContain('region-kronoberg');
      expect(field('title').maxLength).toBe(200);
    }
    expect(findForm(await t.send('besök'))?.title).toBe('Registrera besök');
    expect(
      findForm(await t.send('besök'))
        ?.fields.find((f) => f.name === 'country')
        ?.options?.find((o) => o.value === 'LT')?.label,
    ).toBe('Litauen (LT)');
  });

  it('logs a visit from the short form, with times in the venue and the asker zone', async () => {
    const before = await visitCount('create');
    const r = await t.send('visit add 3 dec 10:00 Vilnius — Study visit to Alytus');
    expect(r.visibility).toBe('public');
    expect(text(r)).toContain('Thu 3 Dec 2026, 10:00 Vilnius time (09:00 Stockholm time)');
    const visit = await getVisit(store, loggedId(r));
    expect(visit).toMatchObject({
      title: 'Study visit to Alytus',
      kind: 'outgoing',
      city: 'Vilnius',
      country: 'LT',
      timezone: 'Europe/Vilnius',
      startsAt: '2026-12-03T08:00:00.000Z',
      createdBy: 'cli:anna',
      channel: 'cli:C1',
    });
    expect(await visitCount('create')).toBe(before + 1);
    // The day after the October DST change: Vilnius is UTC+2, Stockholm UTC+1
    const dst = await t.send('visit add 26 oct 2026 10:00 Vilnius — After the change');
    expect(text(dst)).toContain('Mon 26 Oct 2026, 10:00 Vilnius time (09:00 Stockholm time)');
    expect((await getVisit(store, loggedId(dst)))?.startsAt).toBe('2026-10-26T08:00:00.000Z');
    // A viewer in New York sees New York time
    const shown = await t.send(`visit show ${visit!.id}`, { timezone: 'America/New_York' });
    expect(text(shown)).toContain('10:00 Vilnius time (03:00 New York time)');
  });

  it('assumes the kind the short form does not give, says so, and says how to change it', async () => {
    const inSweden = await t.send('visit add 3 dec Stockholm — Conference');
    expect((await getVisit(store, loggedId(inSweden)))?.kind).toBe('incoming');
    expect(text(inSweden)).toContain(
      `Logged as an incoming visit, since Stockholm is in Sweden. Not right? Change the kind with visit edit ${loggedId(inSweden)}, or add kind:outgoing (or kind:digital) when logging.`,
    );
    const note = inSweden.blocks.find((b) => b.type === 'context');
    expect(note?.type === 'context' && note.text).toContainEqual({
      text: `visit edit ${loggedId(inSweden)}`,
      code: true,
    });
    const unknown = await t.send('visit add 3 dec Springfield — Meeting');
    expect(unknown.visibility).toBe('public');
    expect(await getVisit(store, loggedId(unknown))).toMatchObject({ kind: 'outgoing', city: 'Springfield' });
    expect(text(unknown)).toContain(
      "Logged as an outgoing trip: I can't tell where 'Springfield' is, and that is the default.",
    );
    const abroad = await t.send('besök add 3 dec Vilnius — Studiebesök');
    expect(text(abroad)).toContain('Registrerat som utgående resa, eftersom Vilnius ligger utanför Sverige.');
    expect(text(abroad)).toContain(
      `Ändra typen med besök edit ${loggedId(abroad)}, eller skriv typ:inkommande`,
    );
    // Given, or from the form: nothing to say.
    const given = await t.send('visit add 3 dec Stockholm — Conference kind:outgoing');
    expect((await getVisit(store, loggedId(given)))?.kind).toBe('outgoing');
    expect(text(given)).not.toContain('Not right?');
    expect(text(await t.send('visit add 3 dec Online — Call'))).not.toContain('Not right?');
  });

  it('names the field of a word that looks like a time or a zone but is not one', async () => {
    const time = await t.send('visit add 3 dec 25:00 Oslo — X kind:outgoing');
    expect(time.visibility).toBe('private');
    expect(time.text).toContain("• time: '25:00' is not a time; write 10:00, 10.00 or 3pm");
    const zone = await t.send('visit add 3 dec 10:00 Europe/Nowhere Oslo — X');
    expect(zone.text).toContain(
      "• tz: 'Europe/Nowhere' is not a time zone; write an IANA name like Europe/Vilnius",
    );
    expect(await countRows(store, 'visits')).toBe(0);
  });

  it('logs a visit from key:value pairs', async () => {
    const r = await t.send(
      'visit add title:"Study visit" date:2026-12-03 time:10:00 tz:Europe/Vilnius with:"Alytus region" city:Alytus country:LT kind:outgoing participants:"Anna, Bo" purpose:"Health cooperation" org:region-kronoberg end:"4 dec 16:00"',
    );
    expect(await getVisit(store, loggedId(r))).toMatchObject({
      title: 'Study visit',
      counterpart: 'Alytus region',
      participants: 'Anna, Bo',
      purpose: 'Health cooperation',
      orgId: 'region-kronoberg',
      endDate: '2026-12-04',
      endTime: '16:00',
      endsAt: '2026-12-04T14:00:00.000Z',
    });
  });

  it('answers in Swedish for besök or a Swedish locale', async () => {
    const r = await t.send('besök add fredag kl 10 Jönköping — Delegation från Alytus');
    expect(r.text).toMatch(/^Besök #\d+ registrerat/);
    expect(text(r)).toContain('fre 27 nov. 2026, 10:00 Stockholm-tid');
    expect(text(r)).toContain('Inkommande besök');
    expect((await t.send('visit list', { locale: 'sv-SE' })).blocks[0]).toEqual({
      type: 'header',
      text: 'Kommande besök',
    });
    expect((await t.send('besök add 31/02 Växjö — x')).text).toContain(
      "datum: '31/02' är inget datum; skriv 2026-12-03 eller 3 dec",
    );
  });

  it('answers bad input with a short usage message, never an error', async () => {
    const bad = await t.send('visit add 31/02 Vilnius — Study visit');
    expect(bad.visibility).toBe('private');
    expect(bad.text).toContain("date: '31/02' is not a date; write 2026-12-03 or 3 dec");
    expect(bad.text).toContain('visit add 3 dec 10:00 Vilnius — Study visit');
    for (const message of [
      'visit frobnicate',
      'visit list sideways',
      'visit show',
      'visit show abc',
      'visit export pdf',
      'visit cancel',
    ]) {
      const r = await t.send(message);
      expect(r.visibility, message).toBe('private');
      expect(r.text, message).toContain('visit add');
      expect(r.text, message).not.toMatch(/went wrong|Error|at \w+ \(/);
    }
    expect((await t.send('visit add 29 mar 2026 02:30 Växjö — x')).text).toContain(
      'time: 02:30 does not exist on 2026-03-29 in Europe/Stockholm (the clocks go forward); write 03:30',
    );
    expect(await countRows(store, 'visits')).toBe(0);
  });

  it('takes any text without throwing: a visit or a usage message', async () => {
    const pieces = fc.constantFrom(
      '3 dec',
      '10:00',
      'Vilnius',
      '—',
      'title:"x',
      'list',
      'show',
      '#1',
      'cancel',
      'export',
      'ics',
      '<!channel>',
      '\u0000',
      'é',
      '2026',
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 120 }),
          fc.array(pieces, { maxLength: 10 }).map((p) => p.join(' ')),
        ),
        async (tail) => {
          const r = await t.send(`visit ${tail}`);
          expect(r.text).not.toMatch(/Something went wrong/);
          // Only a logged visit (or a cancellation/report) is public; everything else answers the asker alone.
          if (r.visibility === 'public')
            expect(r.text).toMatch(/^(Visit #\d+ logged|Visit #\d+ cancelled|Visit #\d+ marked)/);
          expect(r.blocks.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('lists upcoming visits in pages with a More button (keyset cursor)', async () => {
    for (let i = 1; i <= 12; i++) await t.send(`visit add ${i} dec 10:00 Riga — Visit ${i}`);
    await t.send('visit add 1 nov Riga — Old one');
    const first = await t.send('visit list');
    expect(first.visibility).toBe('private');
    const lines = first.blocks.filter((b) => b.type === 'text').map((b) => text({ ...first, blocks: [b] }));
    expect(lines).toHaveLength(10);
    expect(lines[0]).toContain('Visit 1 (Outgoing trip)');
    const more = button(first, 'visit.more');
    expect(more.value).toMatch(/^upcoming~2026-12-10T08:00:00.000Z~\d+$/);
    const second = await t.send({ type: 'action', action: more.action, value: more.value });
    expect(
      second.blocks.filter((b) => b.type === 'text').map((b) => text({ ...second, blocks: [b] })),
    ).toEqual([expect.stringContaining('Visit 11'), expect.stringContaining('Visit 12')]);
    expect(buttons(second).some((b) => b.action === 'visit.more')).toBe(false);
    expect(text(await t.send('visit list past'))).toContain('Old one');
    expect(text(await t.send('visit list unreported'))).toContain('Old one');
    expect(text(await t.send('visit list mine', asBob))).toContain('You have not logged any visits.');
    expect(text(await t.send('visit list all'))).toContain('Visit 12');
    // A forged cursor is refused politely
    expect(
      (await t.send({ type: 'action', action: 'visit.more', value: "upcoming~x' or 1=1~1" })).text,
    ).toContain('visit add');
  });

  it('shows details with the buttons the viewer may use and the latest changes', async () => {
    const id = loggedId(await t.send('visit add 1 nov Riga — Riga forum'));
    const mine = await t.send(`visit show #${id}`);
    expect(text(mine)).toContain('Status: held');
    expect(text(mine)).toMatch(/Recent changes:\n2026-11-22 10:00 · cli:anna logged/);
    expect(buttons(mine).map((b) => b.action)).toEqual(['visit.reported', 'visit.edit', 'visit.cancel']);
    expect(button(mine, 'visit.cancel').confirm?.title).toBe('Cancel this visit?');
    const theirs = await t.send(`visit show ${id}`, asBob);
    expect(buttons(theirs)).toEqual([]);
    expect((await t.send('visit show 4242')).text).toBe('There is no visit #4242.');
  });

  it('lets only the creator or an admin edit, cancel or mark reported', async () => {
    const id = loggedId(await t.send('visit add 1 nov Riga — Riga forum'));
    for (const message of [`visit edit ${id}`, `visit cancel ${id}`, `visit reported ${id}`]) {
      const refused = await t.send(message, asBob);
      expect(refused.text, message).toBe(
        `Only the person who logged visit #${id} or an administrator can change it.`,
      );
    }
    for (const action of ['visit.edit', 'visit.cancel', 'visit.reported']) {
      expect((await t.send({ type: 'action', action, value: String(id) }, asBob)).text).toMatch(
        /^Only the person/,
      );
    }
    expect(
      (
        await t.send(
          {
            type: 'submit',
            form: 'visit',
            values: { title: 'Hijack', kind: 'incoming', date: '1 nov' },
            state: String(id),
          },
          asBob,
        )
      ).text,
    ).toMatch(/^Only the person/);
    expect((await getVisit(store, id))?.title).toBe('Riga forum');
    expect(await visitChanges(store, id, 10)).toHaveLength(1);
    // An admin may
    const edit = await t.send(`visit edit ${id}`, asAdmin);
    expect(findForm(edit)?.state).toBe(String(id));
    const reported = await t.send(`visit reported ${id}`, asAdmin);
    expect(reported.text).toContain(`Visit #${id} marked as reported back on 2026-11-22.`);
    expect((await visitChanges(store, id))[0]).toMatchObject({
      action: 'reported',
      changedBy: 'slack:UADMIN',
    });
  });

  it('edits through the pre-filled form and records what changed', async () => {
    const id = loggedId(await t.send('visit add 3 dec 10:00 Vilnius — Study visit'));
    const form = findForm(await t.send({ type: 'action', action: 'visit.edit', value: String(id) }));
    expect(form?.title).toBe(`Edit visit #${id}`);
    const values = Object.fromEntries(
      form!.fields.filter((f) => f.value !== undefined).map((f) => [f.name, f.value!]),
    );
    expect(values).toEqual({
      title: 'Study visit',
      kind: 'outgoing',
      city: 'Vilnius',
      country: 'LT',
      date: '2026-12-03',
      time: '10:00',
      timezone: 'Europe/Vilnius',
    });
    const before = await visitCount('edit');
    const saved = await t.send({
      type: 'submit',
      form: 'visit',
      values: { ...values, time: '11:30', counterpart: 'Alytus region' },
      state: form!.state,
    });
    expect(saved.text).toMatch(new RegExp(`^Visit #${id} updated`));
    expect(text(saved)).toContain('11:30 Vilnius time (10:30 Stockholm time)');
    expect(await visitCount('edit')).toBe(before + 1);
    const [change] = await visitChanges(store, id);
    expect(change).toMatchObject({
      action: 'edit',
      changes: { start_time: ['10:00', '11:30'], counterpart: [null, 'Alytus region'] },
    });
    expect(text(await t.send(`visit show ${id}`))).toContain(
      'edited: counterpart ∅ → Alytus region, start_time 10:00 → 11:30',
    );
    const unchanged = await t.send({
      type: 'submit',
      form: 'visit',
      values: { ...values, time: '11:30', counterpart: 'Alytus region' },
      state: String(id),
    });
    expect(unchanged.text).toBe(`Nothing changed in visit #${id}.`);
  });

  it('logs from a submitted form and returns the form with errors and the typed values kept', async () => {
    const invalid = {
      title: '',
      kind: 'incoming',
      city: 'Växjö',
      date: '31/02',
      time: '25:00',
      purpose: 'Keep me',
    };
    const r = await t.send({ type: 'submit', form: 'visit', values: { ...invalid, injected: 'x' } });
    const form = findForm(r);
    expect(form?.errors).toEqual({
      title: expect.stringContaining('required'),
      date: "'31/02' is not a date; write 2026-12-03 or 3 dec",
      time: "'25:00' is not a time; write 10:00, 10.00 or 3pm",
    });
    const kept = Object.fromEntries(
      form!.fields.filter((f) => f.value !== undefined).map((f) => [f.name, f.value]),
    );
    expect(kept).toEqual({
      kind: 'incoming',
      city: 'Växjö',
      date: '31/02',
      time: '25:00',
      purpose: 'Keep me',
    });
    expect(await countRows(store, 'visits')).toBe(0);

    const ok = await t.send({
      type: 'submit',
      form: 'visit',
      values: { ...invalid, title: 'Delegation', date: '2026-12-03', time: '09:00' },
    });
    expect(await getVisit(store, loggedId(ok))).toMatchObject({
      title: 'Delegation',
      country: 'SE',
      startsAt: '2026-12-03T08:00:00.000Z',
      purpose: 'Keep me',
    });
    expect((await t.send({ type: 'submit', form: 'visit.other', values: {} })).text).toContain('visit add');
  });

  it('cancels with the row kept, once', async () => {
    const r = await t.send('visit add 3 dec Vilnius — Vilnius seminar');
    const id = loggedId(r);
    const cancel = button(r, 'visit.cancel');
    expect(cancel.confirm).toBeDefined();
    const before = await visitCount('cancel');
    const done = await t.send({ type: 'action', action: cancel.action, value: cancel.value });
    expect(done.text).toContain(`Visit #${id} cancelled. It stays in the register, marked cancelled.`);
    expect(await visitCount('cancel')).toBe(before + 1);
    expect((await getVisit(store, id))?.status).toBe('cancelled');
    expect((await t.send(`visit cancel ${id}`)).text).toBe(`Visit #${id} is already cancelled.`);
    expect((await t.send(`visit reported ${id}`)).text).toContain('was cancelled');
    expect(text(await t.send('visit list'))).not.toContain('Vilnius seminar');
    expect(text(await t.send('visit list all'))).toContain('CANCELLED');
  });

  it('marks a visit reported on a given date, refusing impossible ones', async () => {
    const id = loggedId(await t.send('visit add 1 nov Riga — Riga forum'));
    const future = loggedId(await t.send('visit add 3 dec Riga — Later'));
    expect((await t.send(`visit reported ${id} 2026-12-01`)).text).toContain('in the future');
    expect((await t.send(`visit reported ${id} 2026-10-01`)).text).toContain("can't be before visit");
    expect((await t.send(`visit reported ${id} 31/02`)).text).toContain("date: '31/02' is not a date");
    expect((await t.send(`visit reported ${future}`)).text).toContain("can't be before visit");
    const before = await visitCount('reported');
    expect((await t.send(`visit reported ${id} igår`)).text).toContain(
      'marked as reported back on 2026-11-21',
    );
    expect(await visitCount('reported')).toBe(before + 1);
    expect(text(await t.send('visit list unreported'))).not.toContain('Riga forum');
  });

  it('replies to a Swedish button in Swedish', async () => {
    const r = await t.send('besök add 1 nov Riga — Rigaforum');
    const reported = button(r, 'visit.reported');
    expect(reported.label).toBe('Markera återrapporterat');
    expect(reported.value).toMatch(/\|sv$/);
    const done = await t.send({ type: 'action', action: reported.action, value: reported.value });
    expect(done.text).toContain('är markerat som återrapporterat 2026-11-22');
  });

  it('exports a year as a file: counts in the message, the CSV or ICS attached', async () => {
    await t.send('visit add 3 dec Vilnius — Study; "visit"');
    await t.send('visit add 4 dec Växjö — =cmd|calc');
    const r = await t.send('visit export csv 2026');
    expect(r.text).toContain('2026: 2 visits (1 incoming, 1 outgoing, 0 digital), 0 cancelled.');
    expect(r.visibility).toBe('private');
    const [csv] = findFiles(r);
    expect(csv).toMatchObject({ name: 'ansvar-visits-2026.csv', mimeType: 'text/csv; charset=utf-8' });
    expect(csv!.content.startsWith('\uFEFF')).toBe(true);
    const table = readCsv(csv!.content.replace(/^\uFEFF/, ''));
    expect(table[1]?.[1]).toBe('Study; "visit"');
    expect(table[2]?.[1]).toBe("'=cmd|calc");
    const [ics] = findFiles(await t.send('visit export ics'));
    expect(ics).toMatchObject({ name: 'ansvar-visits-2026.ics', mimeType: 'text/calendar; charset=utf-8' });
    expect(ics!.content).toContain('BEGIN:VCALENDAR');
    const empty = await t.send('visit export 2025');
    expect(empty.text).toContain('2025: 0 visits');
    expect(findFiles(empty)).toEqual([]);
    for (let i = 0; i < 20; i++) await t.send(`visit add ${(i % 28) + 1} jan 2026 Riga — Trip ${i}`);
    const year = findFiles(await t.send('visit export'))[0]!;
    expect(year.content.match(/Trip \d+/g)).toHaveLength(20);
  });

  it('contributes the user upcoming and unreported visits to the home view', async () => {
    await t.send('visit add 3 dec Vilnius — Upcoming trip');
    await t.send('visit add 1 nov Riga — Done trip');
    await t.send('visit add 5 dec Oslo — Someone else', asBob);
    const home = await t.send({ type: 'action', action: 'home', value: '' });
    const plain = text(home);
    expect(plain).toContain('Your upcoming visits');
    expect(plain).toContain('Upcoming trip');
    expect(plain).toContain('Your visits waiting for a report-back');
    expect(plain).toContain('Done trip');
    expect(plain).not.toContain('Someone else');
    const log = button(home, 'visit.new');
    expect(findForm(await t.send({ type: 'action', action: log.action, value: log.value }))?.id).toBe(
      'visit',
    );
    const mine = button(home, 'visit.list');
    const list = await t.send({ type: 'action', action: mine.action, value: mine.value });
    expect(list.blocks[0]).toEqual({ type: 'header', text: 'Visits you logged' });
    expect(text(list)).toContain('Done trip');
  });

  it('keeps user text as plain text: no markup reaches the reply', async () => {
    const r = await t.send('visit add 3 dec Vilnius — <!channel> *bold* <https://evil|x>');
    const id = loggedId(r);
    expect((await getVisit(store, id))?.title).toBe('<!channel> *bold* <https://evil|x>');
    const title = r.blocks.find((b) => b.type === 'text');
    expect(title).toEqual({
      type: 'text',
      text: [{ text: '<!channel> *bold* <https://evil|x>', bold: true }],
    });
  });
});
