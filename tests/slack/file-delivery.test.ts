import { DateTime } from 'luxon';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import type { CliIo } from '../../src/cli/io.js';
import { BUNDLED_ORGANISATIONS } from '../../src/visits/organisations.js';
import { visitsToIcs } from '../../src/visits/visit-export.js';
import { visitsForYear } from '../../src/visits/visit-repository.js';
import { describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { checkMessage } from './support/block-kit-limits.js';
import { repoRoot } from '../support/server.js';
import { startSlackHarness, type SlackHarness } from './support/harness.js';

/**
 * `/visit export` through the real server (Bolt over HTTP, the real core and store) against the fake
 * Slack: the export reaches the user as a real Slack file, byte for byte what `ansvar visits export`
 * writes, in their DM when they asked in a channel (with a private note there), and a failed upload
 * costs only the file.
 */

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const YEAR = new Date().getUTCFullYear() + 4;
const USER = 'UEXP1';
const CHANNEL = 'C2147483705';

/** Runs the CLI in-process against the server's database and returns what it wrote to stdout. */
async function cli(databaseUrl: string, args: string[]): Promise<string> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    async *stdin() {},
    env: {
      DATABASE_URL: databaseUrl,
      KNOWLEDGE_DIR: `${repoRoot}knowledge`,
      ANSVAR_TIMEZONE: 'Europe/Stockholm',
      LOG_LEVEL: 'silent',
    },
  };
  const code = await runCli(args, io);
  if (code !== 0) throw new Error(`ansvar ${args.join(' ')} exited ${code}: ${err}`);
  return out;
}

function allText(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) allText(item, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) allText(v, out);
  return out;
}

describeEachDatabase('Slack file delivery of /visit export', (create) => {
  let database: TestDatabase;
  let h: SlackHarness;
  beforeAll(async () => {
    database = await create();
    h = await startSlackHarness({ database, core: 'real' });
    for (const [i, text] of [
      `add ${YEAR}-03-04 10:00 Vilnius — Studiebesök i Alytus`,
      `add ${YEAR}-05-06 Växjö — Delegation; "Kaunas" =1+1`,
      // What Slack sends when someone types "<!channel> party" literally: already escaped.
      `add ${YEAR}-09-10 14:30 Riga — &lt;!channel&gt; party`,
    ].entries()) {
      const added = await h.command({
        command: '/visit',
        text,
        response_url: h.fake.responseUrl(`seed-${i}`),
        trigger_id: `t.seed.${i}`,
        user_id: USER,
      });
      expect(JSON.stringify(added.json)).toMatch(/logged/);
    }
  });
  afterAll(async () => {
    await h?.close();
    await database?.drop();
  });
  beforeEach(() => h.fake.reset());

  async function exportIn(text: string, id: string, fields: Record<string, string> = {}) {
    const ack = await h.command({
      command: '/visit',
      text,
      response_url: h.fake.responseUrl(id),
      trigger_id: `t.${id}`,
      user_id: USER,
      ...fields,
    });
    return ack.json as Json;
  }

  it('sends `/visit export csv` in a channel as a file to the DM, the bytes of `ansvar visits export`', async () => {
    const ack = await exportIn(`export csv ${YEAR}`, 'csv');
    expect(ack.response_type).toBe('ephemeral');
    expect(checkMessage(ack)).toEqual([]);
    expect(allText(ack.blocks).join('\n')).toContain(`ansvar-visits-${YEAR}.csv`);

    const [file] = await h.fake.waitFor(() => {
      const shared = h.fake.sharedFiles();
      return shared.length > 0 && shared;
    });
    const expected = await cli(database.url, ['visits', 'export', '--format', 'csv', '--year', String(YEAR)]);
    expect(file!.bytes!.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(file!.bytes!.equals(Buffer.from(expected, 'utf8'))).toBe(true);
    expect(file!.bytes!.toString('utf8')).toContain('Studiebesök i Alytus');
    expect(file!.filename).toBe(`ansvar-visits-${YEAR}.csv`);
    expect(file!.length).toBe(file!.bytes!.length);

    // Into the user's DM (not the channel, where Slack has no private files).
    const [open] = h.fake.callsTo('conversations.open');
    expect(open?.args.users).toBe(USER);
    expect(file!.shared).toMatchObject({
      channelId: `D${USER}`,
      title: `Visits ${YEAR} as CSV (UTF-8, semicolons; opens in Excel)`,
    });
    expect(file!.shared?.threadTs).toBeUndefined();
    expect(h.fake.callsTo('files.completeUploadExternal')).toHaveLength(1);

    // …and a note only the user sees, in the channel.
    const [note] = await h.fake.waitFor(() => {
      const notes = h.fake.responsesTo('csv');
      return notes.length > 0 && notes;
    });
    expect(note!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(note!.body.text)).toContain('I sent the file');
    expect(String(note!.body.text)).toContain('direct message');
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.args.channel === CHANNEL)).toEqual([]);
  });

  it('sends the ICS export likewise, in Swedish for `exportera`', async () => {
    await exportIn(`exportera ics ${YEAR}`, 'ics');
    const [file] = await h.fake.waitFor(() => {
      const shared = h.fake.sharedFiles();
      return shared.length > 0 && shared;
    });
    const today = DateTime.now().setZone('Europe/Stockholm').toFormat('yyyy-MM-dd');
    const visits = await visitsForYear(h.store, { year: YEAR });
    const expected = visitsToIcs(visits, { language: 'sv', today, organisations: BUNDLED_ORGANISATIONS });
    expect(file!.bytes!.equals(Buffer.from(expected, 'utf8'))).toBe(true);
    // The CLI writes the same calendar, with a name for it.
    const fromCli = await cli(database.url, [
      'visits',
      'export',
      '--format',
      'ics',
      '--year',
      String(YEAR),
      '--lang',
      'sv',
    ]);
    expect(fromCli).toContain(`Ansvar visits ${YEAR}`);
    expect(fromCli.replace(/^X-WR-CALNAME[^\r\n]*\r\n/m, '')).toBe(expected);
    expect(file!.bytes!.toString('utf8').match(/BEGIN:VEVENT/g)).toHaveLength(3);
    expect(file!.filename).toBe(`ansvar-visits-${YEAR}.ics`);
    expect(file!.shared?.channelId).toBe(`D${USER}`);
    const note = await h.fake.waitFor(() => h.fake.responsesTo('ics')[0]);
    expect(String(note.body.text)).toContain('direktmeddelande');
  });

  it('shares the file right in the DM when the export was asked for there', async () => {
    await exportIn(`export csv ${YEAR}`, 'dm', { channel_id: 'D0DMEXP', channel_name: 'directmessage' });
    const [file] = await h.fake.waitFor(() => {
      const shared = h.fake.sharedFiles();
      return shared.length > 0 && shared;
    });
    expect(file!.shared?.channelId).toBe('D0DMEXP');
    // Nothing to open and no "sent to your DM" note: the file is where the user is.
    expect(h.fake.received('conversations.open')).toBe(0);
  });

  it('says which scope is missing when Slack refuses the upload, and keeps the rest of the reply', async () => {
    h.fake.script('files.getUploadURLExternal', {
      body: { ok: false, error: 'missing_scope', needed: 'files:write', provided: 'commands,chat:write' },
    });
    const ack = await exportIn(`export csv ${YEAR}`, 'scope');
    // The summary still arrives as before.
    expect(allText(ack.blocks).join('\n')).toMatch(new RegExp(`${YEAR}: 3 visits`));
    const note = await h.fake.waitFor(() => h.fake.responsesTo('scope')[0]);
    const text = String(note.body.text);
    expect(note.body.response_type).toBe('ephemeral');
    expect(text).toContain('`files:write`');
    expect(text).toContain('ansvar visits export');
    expect(text).not.toMatch(/SlackCallError|\n\s+at |\.ts:\d/);
    expect(h.fake.received('upload_url')).toBe(0);
    expect(h.fake.sharedFiles()).toEqual([]);
    expect(h.logs.some((l) => l.msg === 'could not upload a file to Slack')).toBe(true);
  });

  it('names im:write when the DM cannot be opened', async () => {
    h.fake.script('conversations.open', { body: { ok: false, error: 'missing_scope' } });
    await exportIn(`export ics ${YEAR}`, 'im');
    const note = await h.fake.waitFor(() => h.fake.responsesTo('im')[0]);
    expect(String(note.body.text)).toContain('`im:write`');
    expect(h.fake.received('files.getUploadURLExternal')).toBe(0);
  });

  it('keeps a title typed as <!channel> as data in the file and inert everywhere Slack reads mrkdwn', async () => {
    const ack = await exportIn(`export csv ${YEAR}`, 'esc');
    const file = await h.fake.waitFor(() => h.fake.sharedFiles()[0]);
    await h.fake.waitFor(() => h.fake.responsesTo('esc')[0]);
    expect(file.bytes!.toString('utf8')).toContain('<!channel> party');
    const mrkdwn = [
      ...allText(ack.blocks),
      ...h.fake.responsesTo('esc').flatMap((r) => allText(r.body)),
      file.shared?.initialComment ?? '',
    ];
    for (const text of mrkdwn) expect(text).not.toContain('<!channel>');
  });
});
