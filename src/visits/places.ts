import { resolveCountry } from './countries.js';
import { foldText, own } from './text.js';
import { firstValidZone } from './time-zones.js';

/**
 * A small table of places people travel to and receive visits in, so `3 dec Vilnius — …` knows the
 * country and the time zone. Names in English, Swedish and the local spelling.
 */

interface CityEntry {
  names: readonly string[];
  country: string;
  zone: string;
}

const KYIV = firstValidZone('Europe/Kyiv', 'Europe/Kiev') ?? 'Europe/Kiev';

const CITIES: readonly CityEntry[] = [
  // Sweden: the regions' own towns and the big cities
  { names: ['Stockholm'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Gothenburg', 'Göteborg'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Malmö'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Uppsala'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Jönköping'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Värnamo'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Nässjö'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Eksjö'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Växjö'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Ljungby'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Älmhult'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Karlstad'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Arvika'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Torsby'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Härnösand'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Sundsvall'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Örnsköldsvik'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Sollefteå'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Kramfors'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Umeå'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Luleå'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Linköping'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Örebro'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Kalmar'], country: 'SE', zone: 'Europe/Stockholm' },
  { names: ['Visby'], country: 'SE', zone: 'Europe/Stockholm' },
  // Nordic and Baltic
  { names: ['Oslo'], country: 'NO', zone: 'Europe/Oslo' },
  { names: ['Bergen'], country: 'NO', zone: 'Europe/Oslo' },
  { names: ['Trondheim'], country: 'NO', zone: 'Europe/Oslo' },
  { names: ['Copenhagen', 'Köpenhamn', 'København'], country: 'DK', zone: 'Europe/Copenhagen' },
  { names: ['Aarhus', 'Århus'], country: 'DK', zone: 'Europe/Copenhagen' },
  { names: ['Odense'], country: 'DK', zone: 'Europe/Copenhagen' },
  { names: ['Helsinki', 'Helsingfors'], country: 'FI', zone: 'Europe/Helsinki' },
  { names: ['Turku', 'Åbo'], country: 'FI', zone: 'Europe/Helsinki' },
  { names: ['Tampere', 'Tammerfors'], country: 'FI', zone: 'Europe/Helsinki' },
  { names: ['Vaasa', 'Vasa'], country: 'FI', zone: 'Europe/Helsinki' },
  { names: ['Mariehamn'], country: 'AX', zone: 'Europe/Mariehamn' },
  { names: ['Reykjavik', 'Reykjavík'], country: 'IS', zone: 'Atlantic/Reykjavik' },
  { names: ['Tallinn'], country: 'EE', zone: 'Europe/Tallinn' },
  { names: ['Tartu'], country: 'EE', zone: 'Europe/Tallinn' },
  { names: ['Riga', 'Rīga'], country: 'LV', zone: 'Europe/Riga' },
  { names: ['Vilnius'], country: 'LT', zone: 'Europe/Vilnius' },
  { names: ['Kaunas'], country: 'LT', zone: 'Europe/Vilnius' },
  { names: ['Klaipėda', 'Klaipeda'], country: 'LT', zone: 'Europe/Vilnius' },
  { names: ['Alytus'], country: 'LT', zone: 'Europe/Vilnius' },
  { names: ['Šiauliai', 'Siauliai'], country: 'LT', zone: 'Europe/Vilnius' },
  // Central and Western Europe
  { names: ['Warsaw', 'Warszawa', 'Warschau'], country: 'PL', zone: 'Europe/Warsaw' },
  { names: ['Gdańsk', 'Gdansk'], country: 'PL', zone: 'Europe/Warsaw' },
  { names: ['Kraków', 'Krakow', 'Cracow'], country: 'PL', zone: 'Europe/Warsaw' },
  { names: ['Poznań', 'Poznan'], country: 'PL', zone: 'Europe/Warsaw' },
  { names: ['Wrocław', 'Wroclaw'], country: 'PL', zone: 'Europe/Warsaw' },
  { names: ['Szczecin'], country: 'PL', zone: 'Europe/Warsaw' },
  { names: ['Berlin'], country: 'DE', zone: 'Europe/Berlin' },
  { names: ['Hamburg'], country: 'DE', zone: 'Europe/Berlin' },
  { names: ['Munich', 'München'], country: 'DE', zone: 'Europe/Berlin' },
  { names: ['Frankfurt', 'Frankfurt am Main'], country: 'DE', zone: 'Europe/Berlin' },
  { names: ['Cologne', 'Köln'], country: 'DE', zone: 'Europe/Berlin' },
  { names: ['Kiel'], country: 'DE', zone: 'Europe/Berlin' },
  { names: ['Rostock'], country: 'DE', zone: 'Europe/Berlin' },
  { names: ['Amsterdam'], country: 'NL', zone: 'Europe/Amsterdam' },
  { names: ['The Hague', 'Haag', 'Den Haag'], country: 'NL', zone: 'Europe/Amsterdam' },
  { names: ['Rotterdam'], country: 'NL', zone: 'Europe/Amsterdam' },
  { names: ['Brussels', 'Bryssel', 'Bruxelles', 'Brussel'], country: 'BE', zone: 'Europe/Brussels' },
  { names: ['Antwerp', 'Antwerpen'], country: 'BE', zone: 'Europe/Brussels' },
  { names: ['Luxembourg', 'Luxemburg'], country: 'LU', zone: 'Europe/Luxembourg' },
  { names: ['Paris'], country: 'FR', zone: 'Europe/Paris' },
  { names: ['Strasbourg', 'Strassburg'], country: 'FR', zone: 'Europe/Paris' },
  { names: ['Lyon'], country: 'FR', zone: 'Europe/Paris' },
  { names: ['Marseille'], country: 'FR', zone: 'Europe/Paris' },
  { names: ['Madrid'], country: 'ES', zone: 'Europe/Madrid' },
  { names: ['Barcelona'], country: 'ES', zone: 'Europe/Madrid' },
  { names: ['Seville', 'Sevilla'], country: 'ES', zone: 'Europe/Madrid' },
  { names: ['Lisbon', 'Lissabon', 'Lisboa'], country: 'PT', zone: 'Europe/Lisbon' },
  { names: ['Porto'], country: 'PT', zone: 'Europe/Lisbon' },
  { names: ['Rome', 'Rom', 'Roma'], country: 'IT', zone: 'Europe/Rome' },
  { names: ['Milan', 'Milano'], country: 'IT', zone: 'Europe/Rome' },
  { names: ['Florence', 'Florens', 'Firenze'], country: 'IT', zone: 'Europe/Rome' },
  { names: ['Valletta'], country: 'MT', zone: 'Europe/Malta' },
  { names: ['Dublin'], country: 'IE', zone: 'Europe/Dublin' },
  { names: ['London'], country: 'GB', zone: 'Europe/London' },
  { names: ['Edinburgh'], country: 'GB', zone: 'Europe/London' },
  { names: ['Manchester'], country: 'GB', zone: 'Europe/London' },
  { names: ['Vienna', 'Wien'], country: 'AT', zone: 'Europe/Vienna' },
  { names: ['Bern'], country: 'CH', zone: 'Europe/Zurich' },
  { names: ['Zurich', 'Zürich'], country: 'CH', zone: 'Europe/Zurich' },
  { names: ['Geneva', 'Genève', 'Genf'], country: 'CH', zone: 'Europe/Zurich' },
  { names: ['Prague', 'Prag', 'Praha'], country: 'CZ', zone: 'Europe/Prague' },
  { names: ['Brno'], country: 'CZ', zone: 'Europe/Prague' },
  { names: ['Bratislava'], country: 'SK', zone: 'Europe/Bratislava' },
  { names: ['Budapest'], country: 'HU', zone: 'Europe/Budapest' },
  { names: ['Ljubljana'], country: 'SI', zone: 'Europe/Ljubljana' },
  { names: ['Zagreb'], country: 'HR', zone: 'Europe/Zagreb' },
  { names: ['Sarajevo'], country: 'BA', zone: 'Europe/Sarajevo' },
  { names: ['Belgrade', 'Belgrad', 'Beograd'], country: 'RS', zone: 'Europe/Belgrade' },
  { names: ['Podgorica'], country: 'ME', zone: 'Europe/Podgorica' },
  { names: ['Skopje'], country: 'MK', zone: 'Europe/Skopje' },
  { names: ['Tirana', 'Tirane'], country: 'AL', zone: 'Europe/Tirane' },
  { names: ['Pristina', 'Prishtina'], country: 'XK', zone: 'Europe/Belgrade' },
  { names: ['Sofia'], country: 'BG', zone: 'Europe/Sofia' },
  { names: ['Bucharest', 'Bukarest', 'București'], country: 'RO', zone: 'Europe/Bucharest' },
  { names: ['Chișinău', 'Chisinau', 'Kishinev'], country: 'MD', zone: 'Europe/Chisinau' },
  { names: ['Kyiv', 'Kiev', 'Kijev'], country: 'UA', zone: KYIV },
  { names: ['Lviv', 'Lvov'], country: 'UA', zone: KYIV },
  { names: ['Minsk'], country: 'BY', zone: 'Europe/Minsk' },
  { names: ['Athens', 'Aten', 'Athína'], country: 'GR', zone: 'Europe/Athens' },
  { names: ['Thessaloniki', 'Saloniki'], country: 'GR', zone: 'Europe/Athens' },
  { names: ['Nicosia', 'Lefkosia'], country: 'CY', zone: 'Asia/Nicosia' },
  { names: ['Istanbul'], country: 'TR', zone: 'Europe/Istanbul' },
  { names: ['Ankara'], country: 'TR', zone: 'Europe/Istanbul' },
  { names: ['Tbilisi'], country: 'GE', zone: 'Asia/Tbilisi' },
  { names: ['Yerevan', 'Jerevan'], country: 'AM', zone: 'Asia/Yerevan' },
  { names: ['Baku'], country: 'AZ', zone: 'Asia/Baku' },
  { names: ['Moscow', 'Moskva'], country: 'RU', zone: 'Europe/Moscow' },
  { names: ['St Petersburg', 'Saint Petersburg', 'Sankt Petersburg'], country: 'RU', zone: 'Europe/Moscow' },
  { names: ['Kaliningrad'], country: 'RU', zone: 'Europe/Kaliningrad' },
  { names: ['Murmansk'], country: 'RU', zone: 'Europe/Moscow' },
  // Further away, often visited by regional delegations
  { names: ['New York'], country: 'US', zone: 'America/New_York' },
  { names: ['Washington', 'Washington DC', 'Washington D.C.'], country: 'US', zone: 'America/New_York' },
  { names: ['Chicago'], country: 'US', zone: 'America/Chicago' },
  { names: ['San Francisco'], country: 'US', zone: 'America/Los_Angeles' },
  { names: ['Toronto'], country: 'CA', zone: 'America/Toronto' },
  { names: ['Beijing', 'Peking'], country: 'CN', zone: 'Asia/Shanghai' },
  { names: ['Shanghai'], country: 'CN', zone: 'Asia/Shanghai' },
  { names: ['Tokyo'], country: 'JP', zone: 'Asia/Tokyo' },
  { names: ['Seoul'], country: 'KR', zone: 'Asia/Seoul' },
  { names: ['Singapore'], country: 'SG', zone: 'Asia/Singapore' },
  { names: ['New Delhi', 'Delhi'], country: 'IN', zone: 'Asia/Kolkata' },
  { names: ['Nairobi'], country: 'KE', zone: 'Africa/Nairobi' },
  { names: ['Kigali'], country: 'RW', zone: 'Africa/Kigali' },
  { names: ['Kampala'], country: 'UG', zone: 'Africa/Kampala' },
  { names: ['Dar es Salaam'], country: 'TZ', zone: 'Africa/Dar_es_Salaam' },
  { names: ['Addis Ababa', 'Addis Abeba'], country: 'ET', zone: 'Africa/Addis_Ababa' },
  { names: ['Cape Town', 'Kapstaden'], country: 'ZA', zone: 'Africa/Johannesburg' },
  { names: ['Johannesburg'], country: 'ZA', zone: 'Africa/Johannesburg' },
  { names: ['Cairo', 'Kairo'], country: 'EG', zone: 'Africa/Cairo' },
  { names: ['Tunis'], country: 'TN', zone: 'Africa/Tunis' },
  { names: ['Jerusalem'], country: 'IL', zone: 'Asia/Jerusalem' },
  { names: ['Tel Aviv'], country: 'IL', zone: 'Asia/Jerusalem' },
];

/**
 * The zone most of a country lives in, for countries that have one (a single zone, or one that
 * clearly dominates). Countries spanning several zones (US, CA, AU, BR, RU, …) have none: the venue's
 * zone then comes from the city table, the `tz:` the user gives, or the user's own zone.
 */
// prettier-ignore
const MAIN_ZONES: Record<string, string> = {
  SE: 'Europe/Stockholm', NO: 'Europe/Oslo', DK: 'Europe/Copenhagen', FI: 'Europe/Helsinki', IS: 'Atlantic/Reykjavik',
  AX: 'Europe/Mariehamn', FO: 'Atlantic/Faroe', EE: 'Europe/Tallinn', LV: 'Europe/Riga', LT: 'Europe/Vilnius',
  PL: 'Europe/Warsaw', DE: 'Europe/Berlin', NL: 'Europe/Amsterdam', BE: 'Europe/Brussels', LU: 'Europe/Luxembourg',
  FR: 'Europe/Paris', ES: 'Europe/Madrid', PT: 'Europe/Lisbon', IT: 'Europe/Rome', MT: 'Europe/Malta',
  SM: 'Europe/San_Marino', VA: 'Europe/Vatican', MC: 'Europe/Monaco', AD: 'Europe/Andorra', LI: 'Europe/Vaduz',
  IE: 'Europe/Dublin', GB: 'Europe/London', IM: 'Europe/Isle_of_Man', JE: 'Europe/Jersey', GG: 'Europe/Guernsey',
  GI: 'Europe/Gibraltar', AT: 'Europe/Vienna', CH: 'Europe/Zurich', CZ: 'Europe/Prague', SK: 'Europe/Bratislava',
  HU: 'Europe/Budapest', SI: 'Europe/Ljubljana', HR: 'Europe/Zagreb', BA: 'Europe/Sarajevo', RS: 'Europe/Belgrade',
  ME: 'Europe/Podgorica', MK: 'Europe/Skopje', AL: 'Europe/Tirane', XK: 'Europe/Belgrade', BG: 'Europe/Sofia',
  RO: 'Europe/Bucharest', MD: 'Europe/Chisinau', UA: KYIV, BY: 'Europe/Minsk', GR: 'Europe/Athens',
  CY: 'Asia/Nicosia', TR: 'Europe/Istanbul', GE: 'Asia/Tbilisi', AM: 'Asia/Yerevan', AZ: 'Asia/Baku',
  IL: 'Asia/Jerusalem', PS: 'Asia/Hebron', JO: 'Asia/Amman', LB: 'Asia/Beirut', EG: 'Africa/Cairo',
  MA: 'Africa/Casablanca', TN: 'Africa/Tunis', DZ: 'Africa/Algiers', KE: 'Africa/Nairobi', TZ: 'Africa/Dar_es_Salaam',
  UG: 'Africa/Kampala', RW: 'Africa/Kigali', ET: 'Africa/Addis_Ababa', GH: 'Africa/Accra', NG: 'Africa/Lagos',
  SN: 'Africa/Dakar', ZA: 'Africa/Johannesburg', ZM: 'Africa/Lusaka', ZW: 'Africa/Harare', MZ: 'Africa/Maputo',
  BW: 'Africa/Gaborone', NA: 'Africa/Windhoek', JP: 'Asia/Tokyo', KR: 'Asia/Seoul', CN: 'Asia/Shanghai',
  TW: 'Asia/Taipei', HK: 'Asia/Hong_Kong', SG: 'Asia/Singapore', IN: 'Asia/Kolkata', PK: 'Asia/Karachi',
  BD: 'Asia/Dhaka', TH: 'Asia/Bangkok', VN: 'Asia/Ho_Chi_Minh', PH: 'Asia/Manila', MY: 'Asia/Kuala_Lumpur',
  NP: 'Asia/Kathmandu', LK: 'Asia/Colombo', AE: 'Asia/Dubai', QA: 'Asia/Qatar', SA: 'Asia/Riyadh',
  NZ: 'Pacific/Auckland', AR: 'America/Argentina/Buenos_Aires', CO: 'America/Bogota', PE: 'America/Lima',
  UY: 'America/Montevideo', PY: 'America/Asuncion', BO: 'America/La_Paz', VE: 'America/Caracas',
  CU: 'America/Havana', CR: 'America/Costa_Rica', PA: 'America/Panama', GT: 'America/Guatemala',
};

export interface KnownPlace {
  city?: string;
  country: string;
  zone?: string;
}

const cityIndex = new Map<string, CityEntry>();
for (const entry of CITIES) for (const name of entry.names) cityIndex.set(foldText(name), entry);

/** The city table entry for a name, optionally only within a country. */
export function lookupCity(name: string, country?: string): { country: string; zone: string } | undefined {
  const entry = cityIndex.get(foldText(name));
  if (!entry || (country && entry.country !== country)) return undefined;
  return { country: entry.country, zone: entry.zone };
}

export function mainZoneOf(country: string): string | undefined {
  const zone = own(MAIN_ZONES, country);
  return zone && firstValidZone(zone) ? zone : undefined;
}

/**
 * Reads a free-text place: `Vilnius`, `Vilnius, Lithuania`, `Alytus LT`, `Litauen`, `Kiel, Tyskland`.
 * Returns the city as written and the country when one can be told; unknown names are kept as the city.
 */
export function resolvePlace(text: string): { city?: string; country?: string } {
  const place = text.trim().replace(/[.,;]+$/, '');
  if (!place) return {};
  const comma = place.lastIndexOf(',');
  if (comma > 0) {
    const city = place.slice(0, comma).trim();
    const country = resolveCountry(place.slice(comma + 1));
    if (country) return { ...(city ? { city } : {}), country };
  }
  if (lookupCity(place)) return { city: place, country: lookupCity(place)!.country };
  const wholeCountry = resolveCountry(place);
  if (wholeCountry && !/^[A-Za-z]{2}$/.test(place)) return { country: wholeCountry };
  // "Alytus LT", "Kiel Tyskland": a trailing word that names a country
  const words = place.split(/\s+/);
  for (let cut = words.length - 1; cut >= 1; cut--) {
    const suffix = words.slice(cut).join(' ');
    if (/^[a-z]{2}$/i.test(suffix) && suffix !== suffix.toUpperCase()) continue;
    const country = resolveCountry(suffix);
    if (country) return { city: words.slice(0, cut).join(' '), country };
  }
  return { city: place };
}
