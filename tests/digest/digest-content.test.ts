import { expect, it } from 'vitest';
import { plain, replyToPlainText, type Block, type Reply } from '../../src/core/reply.js';
import { buildDigest } from '../../src/digest/build-digest.js';
import { collectDigest } from '../../src/digest/digest-content.js';
import { MESSAGE_BUDGET, replyTextSize } from '../../src/digest/digest-render.js';
import { claimNewRun, markSending, markSent } from '../../src/digest/runs.js';
import { saveSubscription } from '../../src/digest/subscriptions.js';
import { listVisits, type ListCursor } from '../../src/visits/visit-repository.js';
import { describeEachDatabase, freshStorePerTest } from '../support/databases.js';
import { bundledKnowledgeFake, fakeKnowledge, insertQuestion, insertVisit } from './helpers.js';

// Monday 23 March 2026, 08:00 in Stockholm.
const NOW = new Date('2026-03-23T07:00:00Z');
const DAY = 24 * 3600_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const knowledge = bundledKnowledgeFake();
const target = { orgId: null, timezone: 'Europe/Stockholm' };

function text(r: Reply): string {
  return replyToPlainText(r);
}

describeEachDatabase('digest content', (create) => {
  const store = freshStorePerTest(create);

  it('lists the coming 7 days in date order with venue and channel times, without cancelled or later visits', async () => {
    await insertVisit(store, {
      title: 'Partner meeting in Alytus',
      kind: 'outgoing',
      date: '2026-03-24',
      time: '10:00',
      timezone: 'Europe/Vilnius',
      city: 'Alytus',
      country: 'LT',
      counterpart: 'Alytus region',
      createdAt: ago(30),
    });
    await insertVisit(store, {
      title: 'Delegation from Kaunas',
      kind: 'incoming',
      date: '2026-03-26',
      createdAt: ago(30),
    });
    await insertVisit(store, {
      title: 'Video call with Pomorskie',
      kind: 'digital',
      date: '2026-03-23',
      time: '14:00',
      createdAt: ago(30),
    });
    await insertVisit(store, {
      title: 'Cancelled trip',
      date: '2026-03-25',
      status: 'cancelled',
      createdAt: ago(30),
    });
    await insertVisit(store, { title: 'Next month', date: '2026-04-20', createdAt: ago(30) });
    const digest = await buildDigest({ store, knowledge }, target, 'en', NOW);
    const out = text(digest);
    const lines = out.split('\n').filter((l) => l.startsWith('• '));
    expect(lines.slice(0, 3)).toEqual([
      '• Mon 23 Mar 14:00 — Video call with Pomorskie · digital meeting',
      '• Tue 24 Mar 10:00 Vilnius time (09:00 Stockholm) — Partner meeting in Alytus · Alytus region · Alytus, Lithuania · outgoing trip',
      '• Thu 26 Mar — Delegation from Kaunas · incoming visit',
    ]);
    expect(out).toContain('Coming up in the next 7 days (3)');
    expect(out).not.toContain('Cancelled trip');
    expect(out).not.toContain('Next month');
    expect(digest.blocks[0]).toEqual({ type: 'header', text: 'Weekly digest · week 13' });
  });

  it('lists held, unreported visits with who logged them and quotes each organisation’s own reporting rule', async () => {
    await insertVisit(store, {
      title: 'Study visit Växjö–Poznań',
      orgId: 'region-kronoberg',
      date: '2026-03-09',
      endDate: '2026-03-11',
      city: 'Poznań',
      country: 'PL',
      createdBy: 'slack:U0KRONO',
      createdAt: ago(40),
    });
    await insertVisit(store, {
      title: 'Health care delegation',
      orgId: 'region-jonkopings-lan',
      kind: 'incoming',
      date: '2026-03-02',
      createdBy: 'teams:29:jkp',
      createdAt: ago(40),
    });
    await insertVisit(store, {
      title: 'Värmland trip',
      orgId: 'landstinget-i-varmland',
      date: '2026-02-20',
      createdBy: 'slack:U0VARM',
      createdAt: ago(40),
    });
    await insertVisit(store, {
      title: 'Already reported',
      orgId: 'region-kronoberg',
      date: '2026-03-01',
      reportedOn: '2026-03-15',
      status: 'held',
      createdAt: ago(40),
    });
    await insertVisit(store, {
      title: 'Called off',
      orgId: 'region-kronoberg',
      date: '2026-03-03',
      status: 'cancelled',
      createdAt: ago(40),
    });
    const digest = await buildDigest({ store, knowledge }, target, 'en', NOW);
    const out = text(digest);
    expect(out).toContain('Held but not yet reported back (3)');
    expect(out).toContain('• 20 Feb — Värmland trip · logged by slack:U0VARM');
    expect(out).toContain('• 11 Mar — Study visit Växjö–Poznań (Poznań, Poland) · logged by slack:U0KRONO');
    expect(out).toContain('logged by teams:29:jkp');
    expect(out).not.toContain('Already reported');
    expect(out).not.toContain('Called off');

    const quotes = digest.blocks.filter((b): b is Extract<Block, { type: 'quote' }> => b.type === 'quote');
    expect(quotes).toHaveLength(2); // Värmland's policy has no rule about reporting back on visits
    const [jonkoping, kronoberg] = quotes;
    expect(jonkoping?.text).toBe(
      'Det internationella arbetet, inklusive projekt, studieresor, inkomna besök med mera, redovisas årligen till regionstyrelsen.',
    );
    expect(plain(jonkoping?.cite ?? '')).toMatch(
      /^Region Jönköpings län, .*knowledge\/region-jonkopings-lan\/internationell-policy\.md:\d+\)$/,
    );
    expect(kronoberg?.text).toMatch(/sker vid styrelsesammanträdet närmast hemkomsten\/händelsen\.$/);
    expect(plain(kronoberg?.cite ?? '')).toContain('knowledge/region-kronoberg/internationell-strategi.md:');
    // Verbatim: every quote is a substring of the policy text it cites.
    for (const quote of quotes) {
      const hit = knowledge.search(quote.text, { limit: 1 })[0];
      expect(hit?.text).toContain(quote.text);
    }
  });

  it('lists and counts every held visit not yet reported back, however old: the count is `visit list unreported`', async () => {
    await insertVisit(store, { title: 'Two years ago', date: '2024-03-01', createdAt: ago(800) });
    await insertVisit(store, { title: 'Last spring', date: '2025-02-01', createdAt: ago(420) });
    await insertVisit(store, { title: 'Last week', date: '2026-03-16', createdAt: ago(10) });
    await insertVisit(store, {
      title: 'Reported long ago',
      date: '2024-01-10',
      reportedOn: '2024-02-01',
      status: 'held',
      createdAt: ago(900),
    });
    const content = await collectDigest({ store, knowledge }, target, NOW);
    expect(content.unreported.items.map((v) => v.title)).toEqual([
      'Two years ago',
      'Last spring',
      'Last week',
    ]);
    expect(content.unreported.total).toBe(3);
    const listed: string[] = [];
    let after: ListCursor | undefined;
    do {
      const page = await listVisits(store, {
        filter: 'unreported',
        today: content.today,
        userKey: 'slack:U1',
        limit: 2,
        ...(after ? { after } : {}),
      });
      listed.push(...page.visits.map((v) => v.title));
      after = page.next;
    } while (after);
    expect(listed).toHaveLength(content.unreported.total);
    expect(text(await buildDigest({ store, knowledge }, target, 'en', NOW))).toContain(
      '• 1 Mar 2024 — Two years ago',
    );
  });

  it('finds the rule in whatever passages the knowledge base returns, and quotes none when there is none', async () => {
    const invented = fakeKnowledge([
      {
        orgId: 'org-a',
        organization: 'Org A',
        text: 'Budgeten fastställs av nämnden. Deltagande i internationella möten återrapporteras till nämnden inom en månad.',
      },
      {
        orgId: 'org-b',
        organization: 'Org B',
        text: 'Resor bokas av kansliet. Rapporten om ekonomin lämnas i april.',
      },
    ]);
    await insertVisit(store, { title: 'A trip', orgId: 'org-a', date: '2026-03-10', createdAt: ago(20) });
    await insertVisit(store, { title: 'B trip', orgId: 'org-b', date: '2026-03-10', createdAt: ago(20) });
    const content = await collectDigest({ store, knowledge: invented }, target, NOW);
    expect(content.rules).toEqual([
      {
        orgId: 'org-a',
        organization: 'Org A',
        quote: 'Deltagande i internationella möten återrapporteras till nämnden inom en månad.',
        document: 'Policy of Org A',
        section: 'Uppföljning',
        source: 'knowledge/org-a/policy.md:10',
      },
    ]);
  });

  it('counts new registrations since the previous digest (or the last 7 days), and the year so far by kind and country', async () => {
    await insertVisit(store, {
      title: 'Old registration',
      date: '2026-03-01',
      country: 'DE',
      createdAt: ago(10),
    });
    await insertVisit(store, {
      title: 'Fresh one',
      date: '2026-03-10',
      country: 'LT',
      kind: 'incoming',
      createdAt: ago(5),
    });
    // Still to come: registered, but not part of the year so far.
    await insertVisit(store, { title: 'Fresher one', date: '2026-05-03', country: 'LT', createdAt: ago(1) });
    await insertVisit(store, {
      title: 'Later today',
      date: '2026-03-23',
      time: '10:00',
      country: 'LT',
      createdAt: ago(10),
    });
    await insertVisit(store, { title: 'Last year', date: '2025-12-01', country: 'FI', createdAt: ago(200) });
    let content = await collectDigest({ store, knowledge }, target, NOW);
    expect(content.registrations.items.map((v) => v.title)).toEqual(['Fresher one', 'Fresh one']);
    expect(content.registrations.sinceLastDigest).toBe(false);
    expect(content.year).toMatchObject({
      year: 2026,
      total: 2,
      byKind: { incoming: 1, outgoing: 1, digital: 0 },
    });
    expect(content.year.byCountry).toEqual([
      { country: 'DE', count: 1 },
      { country: 'LT', count: 1 },
    ]);
    const out = text(await buildDigest({ store, knowledge }, target, 'en', NOW));
    expect(out).toContain('New registrations in the last 7 days (2)');
    expect(out).toContain(
      'This year so far (2026)\n2 meetings and visits held or under way. Incoming visit: 1 · Outgoing trip: 1.',
    );
    expect(out).toContain('By country: Germany 1, Lithuania 1.');
    // Once the day's meeting has begun, it counts.
    const later = await collectDigest({ store, knowledge }, target, new Date('2026-03-23T09:00:00Z'));
    expect(later.year.total).toBe(3);

    // A previous digest of this subscription, built 3 days ago: only what came after it is new.
    const subscription = await saveSubscription(
      store,
      {
        platform: 'slack',
        channelId: 'C1',
        weekday: 1,
        time: '08:00',
        timezone: 'Europe/Stockholm',
        orgId: null,
        language: 'en',
        createdBy: 'slack:U1',
      },
      ago(30),
    );
    const run = await claimNewRun(
      store,
      { subscriptionId: subscription.id, periodKey: '2026-03-20', dueAt: ago(3) },
      'p',
      ago(3),
    );
    await markSending(store, run!.id, 'p', ago(3), ago(3));
    await markSent(store, run!.id, 'ts1', ago(3));
    content = await collectDigest({ store, knowledge }, { ...target, subscriptionId: subscription.id }, NOW);
    expect(content.registrations.items.map((v) => v.title)).toEqual(['Fresher one']);
    expect(content.registrations.sinceLastDigest).toBe(true);
  });

  it('summarises last week’s questions and lists the unanswered ones, deduplicated, without names or mentions', async () => {
    await insertQuestion(store, 'Who signs partner agreements?', 'answered', ago(1));
    await insertQuestion(store, 'Vem beslutar om vänorter?', 'answered', ago(2));
    await insertQuestion(store, 'Who pays for trips?', 'no_answer', ago(2), { userKey: 'slack:U0SECRET' });
    await insertQuestion(store, 'who pays  for trips', 'no_answer', ago(3), { userKey: 'teams:29:secret' });
    await insertQuestion(store, '<@U0BOT> who approves travel abroad?', 'no_answer', ago(4));
    await insertQuestion(store, 'Asked eight days ago', 'no_answer', ago(8));
    const digest = await buildDigest({ store, knowledge }, target, 'en', NOW);
    const out = text(digest);
    expect(out).toContain('Questions last week');
    expect(out).toContain('5 asked, 2 answered, 3 not covered by the policies.');
    expect(out).toContain('• “Who pays for trips?” (×2)');
    expect(out).toContain('• “who approves travel abroad?”');
    expect(out).not.toContain('U0BOT');
    expect(out).not.toContain('Asked eight days ago');
    expect(JSON.stringify(digest)).not.toMatch(/SECRET|secret|U0ASKER/);
  });

  it('limits everything to the subscription’s organisation', async () => {
    await insertVisit(store, {
      title: 'Kronoberg meeting',
      orgId: 'region-kronoberg',
      date: '2026-03-25',
      createdAt: ago(2),
    });
    await insertVisit(store, {
      title: 'Jönköping meeting',
      orgId: 'region-jonkopings-lan',
      date: '2026-03-25',
      createdAt: ago(2),
    });
    await insertVisit(store, { title: 'No organisation', date: '2026-03-25', createdAt: ago(2) });
    await insertQuestion(store, 'Scoped question', 'no_answer', ago(1), { orgScope: 'region-kronoberg' });
    await insertQuestion(store, 'Other org question', 'no_answer', ago(1), { orgScope: 'jonkopings-kommun' });
    await insertQuestion(store, 'Question for all', 'no_answer', ago(1));
    const out = text(
      await buildDigest(
        { store, knowledge },
        { orgId: 'region-kronoberg', timezone: 'Europe/Stockholm' },
        'en',
        NOW,
      ),
    );
    expect(out).toContain('Kronoberg meeting');
    expect(out).not.toContain('Jönköping meeting');
    expect(out).not.toContain('No organisation');
    expect(out).toContain('Region Kronoberg · Monday 23 March 2026');
    expect(out).toContain('Scoped question');
    expect(out).toContain('Question for all');
    expect(out).not.toContain('Other org question');
  });

  it('bounds every list at 15 with "and N more" and stays within the message budget', async () => {
    for (let i = 0; i < 40; i++) {
      await insertVisit(store, {
        title: `Upcoming ${String(i).padStart(2, '0')} ${'x'.repeat(150)}`,
        date: '2026-03-25',
        time: `${String(8 + (i % 10)).padStart(2, '0')}:${String(i).padStart(2, '0')}`,
        timezone: 'Asia/Tokyo',
        city: 'C'.repeat(90),
        country: 'JP',
        counterpart: 'P'.repeat(180),
        createdAt: ago(1),
        createdBy: `slack:U${'9'.repeat(30)}`,
      });
      await insertVisit(store, {
        title: `Unreported ${i} ${'y'.repeat(150)}`,
        date: '2026-03-01',
        orgId: 'region-kronoberg',
        city: 'C'.repeat(90),
        country: 'JP',
        createdAt: ago(30),
      });
      await insertQuestion(store, `Unanswered question number ${i} ${'q'.repeat(300)}`, 'no_answer', ago(1));
    }
    const digest = await buildDigest({ store, knowledge }, target, 'en', NOW);
    const out = text(digest);
    expect(out).toContain('Coming up in the next 7 days (40)');
    expect(out).toMatch(/…and \d+ more/);
    expect(out).toContain('Held but not yet reported back (40)');
    expect(out).toContain('New registrations in the last 7 days (40)');
    // Each list is read as a count plus its first 15 rows, never as a whole.
    const content = await collectDigest({ store, knowledge }, target, NOW);
    for (const list of [content.upcoming, content.unreported, content.registrations]) {
      expect(list.total).toBe(40);
      expect(list.items).toHaveLength(15);
    }
    expect(replyTextSize(digest)).toBeLessThanOrEqual(MESSAGE_BUDGET);
    expect(digest.blocks.length).toBeLessThanOrEqual(50);
    for (const block of digest.blocks)
      if (block.type === 'text') expect(plain(block.text).length).toBeLessThan(3000);
    const items = out.split('\n').filter((l) => l.startsWith('• '));
    expect(items.length).toBeGreaterThan(0);
    for (const line of items) expect(line.length).toBeLessThan(300);
  });

  it('renders a short, well-formed digest when there is nothing to report, in English and Swedish', async () => {
    const en = await buildDigest({ store, knowledge }, target, 'en', NOW);
    expect(en.blocks.map((b) => b.type)).toEqual(['header', 'context', 'text']);
    expect(en.text).toBe('Weekly digest: nothing to report this week.');
    expect(text(en)).toContain('Nothing to report this week');
    const sv = await buildDigest({ store, knowledge }, target, 'sv', NOW);
    expect(sv.blocks[0]).toEqual({ type: 'header', text: 'Veckosammanfattning · vecka 13' });
    expect(text(sv)).toContain('Inget att rapportera den här veckan');
    expect(text(sv)).toContain('måndag 23 mars 2026');
  });

  it('writes the whole digest in Swedish for a Swedish subscription', async () => {
    await insertVisit(store, {
      title: 'Partnermöte',
      date: '2026-03-24',
      time: '10:00',
      timezone: 'Europe/Vilnius',
      country: 'LT',
      createdAt: ago(2),
    });
    await insertQuestion(store, 'Vem betalar resan?', 'no_answer', ago(1));
    const out = text(await buildDigest({ store, knowledge }, target, 'sv', NOW));
    expect(out).toContain('De kommande 7 dagarna (1)');
    expect(out).toContain(
      'tis 24 mars 10:00 Vilnius-tid (09:00 Stockholm) — Partnermöte · Litauen · utgående resa',
    );
    expect(out).toContain('Nya registreringar de senaste 7 dagarna (1)');
    expect(out).toContain('1 ställda, 0 besvarade, 1 som policyerna inte täcker.');
  });
});
