import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { openStore } from '../store/database.js';
import { BUNDLED_ORGANISATIONS } from '../visits/organisations.js';
import { visitsToCsv, visitsToIcs } from '../visits/visit-export.js';
import { allVisits, visitsForYear } from '../visits/visit-repository.js';
import type { Visit } from '../visits/visit-model.js';
import { loadCliConfig, type CliCommand } from './io.js';

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

  const store = await openStore(config.databaseUrl);
  try {
    const scope = org ? { orgId: org } : {};
    let visits: Visit[];
    if (year !== undefined) visits = await visitsForYear(store, { year, ...scope });
    else {
      visits = [];
      for await (const visit of allVisits(store, scope)) visits.push(visit);
    }
    const options = {
      language: lang,
      today: DateTime.now().setZone(config.timezone).toFormat('yyyy-MM-dd'),
      organisations: BUNDLED_ORGANISATIONS,
    } as const;
    io.stdout(
      format === 'csv'
        ? visitsToCsv(visits, options)
        : visitsToIcs(visits, { ...options, calendarName: year ? `Ansvar visits ${year}` : 'Ansvar visits' }),
    );
    return 0;
  } finally {
    await store.close();
  }
};
