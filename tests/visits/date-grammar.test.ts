import { describe, expect, it } from 'vitest';
import { parseDate, parseTime, parseTimeRange } from '../../src/visits/date-grammar.js';

// A fixed "today": Sunday 22 November 2026.
const TODAY = '2026-11-22';

describe('date grammar', () => {
  it.each([
    // ISO and numeric, day first (Swedish/European order)
    ['2026-12-03', '2026-12-03'],
    ['2026/12/03', '2026-12-03'],
    ['2026-1-5', '2026-01-05'],
    ['3/12', '2026-12-03'],
    ['3/12/2026', '2026-12-03'],
    ['3/12/27', '2027-12-03'],
    ['03.12.2026', '2026-12-03'],
    ['3.12.', '2026-12-03'],
    // English month names
    ['3 dec', '2026-12-03'],
    ['3 Dec.', '2026-12-03'],
    ['3 december 2026', '2026-12-03'],
    ['3rd of December', '2026-12-03'],
    ['December 3', '2026-12-03'],
    ['Dec 3, 2027', '2027-12-03'],
    ['1 march', '2027-03-01'],
    ['15 sept', '2027-09-15'],
    // Swedish month names
    ['3 maj', '2027-05-03'],
    ['3 mars 2027', '2027-03-03'],
    ['3:e december', '2026-12-03'],
    ['den 3 okt.', '2026-10-03'],
    ['24 oktober', '2026-10-24'],
    ['12 januari', '2027-01-12'],
    // Relative words
    ['today', '2026-11-22'],
    ['idag', '2026-11-22'],
    ['i dag', '2026-11-22'],
    ['tomorrow', '2026-11-23'],
    ['imorgon', '2026-11-23'],
    ['i morgon', '2026-11-23'],
    ['yesterday', '2026-11-21'],
    ['igår', '2026-11-21'],
    ['i övermorgon', '2026-11-24'],
    // Weekdays: the next such day after today (today is a Sunday)
    ['monday', '2026-11-23'],
    ['Fri', '2026-11-27'],
    ['next friday', '2026-11-27'],
    ['sunday', '2026-11-29'],
    ['måndag', '2026-11-23'],
    ['tisdag', '2026-11-24'],
    ['onsdag', '2026-11-25'],
    ['torsdag', '2026-11-26'],
    ['fredag', '2026-11-27'],
    ['lördag', '2026-11-28'],
    ['söndag', '2026-11-29'],
    ['på fredag', '2026-11-27'],
    ['nästa tisdag', '2026-11-24'],
    ['29 feb 2028', '2028-02-29'],
  ])('reads %j as %s', (text, expected) => {
    expect(parseDate(text, TODAY)).toBe(expected);
  });

  it.each([
    '31/02',
    '31 feb',
    '29 feb 2027',
    '2026-13-01',
    '0/12',
    '3 decembre',
    'someday',
    '',
    '3',
    'dec',
    '32 dec',
    '3/12/1',
  ])('refuses %j', (text) => {
    expect(parseDate(text, TODAY)).toBeUndefined();
  });

  it('reads a date without a year as the nearest one at most 60 days back', () => {
    expect(parseDate('1 oct', TODAY)).toBe('2026-10-01'); // 52 days ago: last month's visit
    expect(parseDate('1 sep', TODAY)).toBe('2027-09-01'); // 82 days ago: so next September
    expect(parseDate('28 dec', '2027-01-05')).toBe('2026-12-28'); // typed in January about December
    expect(parseDate('3 jan', '2026-12-20')).toBe('2027-01-03');
    expect(parseDate('29 feb', '2027-06-01')).toBe('2028-02-29');
  });
});

describe('time grammar', () => {
  it.each([
    ['10:00', '10:00'],
    ['10.00', '10:00'],
    ['10', '10:00'],
    ['9', '09:00'],
    ['09:05', '09:05'],
    ['10h30', '10:30'],
    ['kl 10', '10:00'],
    ['kl. 14.30', '14:30'],
    ['9am', '09:00'],
    ['3pm', '15:00'],
    ['3 PM', '15:00'],
    ['12am', '00:00'],
    ['12pm', '12:00'],
    ['11:30 p.m.', '23:30'],
    ['23:59', '23:59'],
    ['00:00', '00:00'],
    ['10:00:00', '10:00'],
  ])('reads %j as %s', (text, expected) => {
    expect(parseTime(text)).toBe(expected);
  });

  it.each(['24:00', '10:60', '13pm', '0am', '1000', 'ten', '', '10:5', '-1'])('refuses %j', (text) => {
    expect(parseTime(text)).toBeUndefined();
  });

  it('reads ranges', () => {
    expect(parseTimeRange('10:00-12:00')).toEqual({ start: '10:00', end: '12:00' });
    expect(parseTimeRange('9–11')).toEqual({ start: '09:00', end: '11:00' });
    expect(parseTimeRange('9am-1pm')).toEqual({ start: '09:00', end: '13:00' });
    expect(parseTimeRange('10')).toEqual({ start: '10:00' });
    expect(parseTimeRange('10-')).toBeUndefined();
  });
});
