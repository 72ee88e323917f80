import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import type { Store } from '../store/database.js';
import { BUNDLED_ORGANISATIONS } from '../visits/organisations.js';
import { streamVisitsCsv, streamVisitsIcs } from '../visits/visit-export.js';
import { allVisits } from '../visits/visit-repository.js';
import { loadCliConfig, type CliCommand, type CliIo } from './io.js';
import { openCliStore, reportStartupError } from './startup.js';

const USAGE = 'usage: ansvar visits export [--format csv|ics] [--year YEAR] [--org ID] [--lang en|sv]';

/** `ansvar visits export`: the register as CSV (Excel-ready, `;`-separated, UTF-8 with BOM) or ICS, to stdout. */
export const visitsCommand: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub !== 'export') {
    io.stderr(`${USAGE}\n`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: {
        format: { type: 'string', default: 'csv' },
        year: { type: 'string' },
        org: { type: 'string' },
        lang: { type: 'string', default: 'en' },
      },
    });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { format, year: yearText, org, lang } = parsed.values;
  if (format !== 'csv' && format !== 'ics') {
    io.stderr(`--format must be csv or ics (got '${format}')\n${USAGE}\n`);
    return 2;
  }
  if (lang !== 'en' && lang !== 'sv') {
    io.stderr(`--lang must be en or sv (got '${lang}')\n${USAGE}\n`);
    return 2;
  }
  const year = yearText === undefined ? undefined : Number(yearText);
  if (year !== undefined && !(Number.isInteger(year) && year >= 2000 && year <= 2100)) {
    io.stderr(`--year must be a year between 2000 and 2100 (got '${yearText}')\n${USAGE}\n`);
    return 2;
  }
  if (org !== undefined && !/^[a-z0-9-]{1,80}$/.test(org)) {
    io.stderr(`--org must be an organisation id such as region-kronoberg (got '${org}')\n`);
    return 2;
  }

  const config = loadCliConfig(io);
  if (!config) return 2;

  let store: Store;
  try {
    store = await openCliStore(config);
  } catch (error) {
    return reportStartupError('visits', error, io);
  }
  try {
    const visits = allVisits(store, {
      ...(org ? { orgId: org } : {}),
      ...(year !== undefined ? { year } : {}),
    });
    const options = {
      language: lang,
      today: DateTime.now().setZone(config.timezone).toFormat('yyyy-MM-dd'),
      organisations: BUNDLED_ORGANISATIONS,
    } as const;
    // Streamed page by page from the database to stdout, so memory stays flat however large the
    // register (Node writes stdout to a file, and on Linux to a pipe, synchronously).
    const out = bufferedWriter(io);
    if (format === 'csv') await streamVisitsCsv(visits, options, out.write);
    else
      await streamVisitsIcs(
        visits,
        { ...options, calendarName: year ? `Ansvar visits ${year}` : 'Ansvar visits' },
        out.write,
      );
    out.flush();
    return 0;
  } finally {
    await store.close();
  }
};

/** Hands stdout pieces of about 64 KB rather than one write per visit. */
function bufferedWriter(io: CliIo): { write: (chunk: string) => void; flush: () => void } {
  let pending: string[] = [];
  let size = 0;
  const flush = () => {
    if (pending.length > 0) io.stdout(pending.join(''));
    pending = [];
    size = 0;
  };
  return {
    write(chunk) {
      pending.push(chunk);
      size += chunk.length;
      if (size >= 64 * 1024) flush();
    },
    flush,
  };
}
