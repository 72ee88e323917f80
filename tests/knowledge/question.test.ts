import { describe, expect, it } from 'vitest';
import { readQuestion } from '../../src/knowledge/question.js';
import {
  ACTION_FACTOR,
  inverseDocumentFrequency,
  PLACE_FACTOR,
  weighUnits,
} from '../../src/knowledge/scoring.js';
import { bundledIndex } from './support/knowledge.js';

const read = (question: string) => readQuestion(question, bundledIndex().reader);

describe('organisations named in a question', () => {
  it.each([
    ['Who signs partner agreements in Kronoberg?', ['region-kronoberg']],
    ['Vem beslutar i Region Jönköpings län?', ['region-jonkopings-lan']],
    ['Who decides in RJL?', ['region-jonkopings-lan']],
    ['Who receives guests in Jönköping municipality?', ['jonkopings-kommun']],
    ['Vem tar emot gäster i Jonkopings kommun?', ['jonkopings-kommun']],
    ['Who decides on twin towns in the municipality of Jönköping?', ['jonkopings-kommun']],
    ['Vem beslutar om vänortssamarbeten i Västernorrland?', ['landstinget-vasternorrland']],
    ['Who handles contacts in LVN?', ['landstinget-vasternorrland']],
    ['Vem bestämmer inriktningen i Värmland?', ['landstinget-i-varmland']],
    ['Vem bestämmer i Region Värmland?', ['landstinget-i-varmland']],
    ['What does Kronobergs strategi say?', ['region-kronoberg']],
    ['Vem sluter avtal för Jönköpings län?', ['region-jonkopings-lan']],
  ])('%s → %j', (question, orgs) => {
    expect(read(question).orgIds).toEqual(orgs);
  });

  it('resolves the shared name Jönköping by the kind words around it, else keeps both', () => {
    expect(read('Which sister cities does the city of Jönköping have?').orgIds).toEqual([
      'jonkopings-kommun',
    ]);
    expect(read('Vilka vänorter har kommunen i Jönköping?').orgIds).toEqual(['jonkopings-kommun']);
    expect(read('Who signs agreements for the region in Jönköping?').orgIds).toEqual([
      'region-jonkopings-lan',
    ]);
    expect(read('Who signs partner agreements in Jönköping?').orgIds.sort()).toEqual([
      'jonkopings-kommun',
      'region-jonkopings-lan',
    ]);
  });

  it('does not mistake topic words or body names for organisations', () => {
    expect(read('Is Alytus one of our twin regions?').orgIds).toEqual([]);
    expect(read('Who works with Jönköping University?').orgIds).toEqual([]);
    expect(read('Vem ansvarar för regionens samarbete med kommunerna?').orgIds).toEqual([]);
    expect(read('Who is the regional executive board?').orgIds).toEqual([]);
  });
});

describe('question language', () => {
  it.each([
    ['who signs partner agreements?', 'en'],
    ['Vem sluter partneravtal?', 'sv'],
    ['Vad gäller för alkohol vid representation?', 'sv'],
    ['Who receives foreign guests in Jönköpings kommun?', 'en'],
    ['Which sister cities and partner towns does Jönköping have?', 'en'],
    ['Får jag ta emot gåvor?', 'sv'],
    ['partneravtal?', 'sv'],
    ['gifts?', 'en'],
  ])('%s → %s', (question, language) => {
    expect(read(question).language).toBe(language);
  });
});

describe('question reading', () => {
  it('recognises who questions in both languages', () => {
    for (const q of [
      'Who signs?',
      'Vem sluter avtal?',
      'Which body decides on the policy?',
      'Vilken nämnd beslutar?',
      'Whose responsibility is monitoring?',
      'Who is responsible for gifts?',
      'Vem är ansvarig för gåvor?',
    ]) {
      expect(read(q).isWho, q).toBe(true);
    }
    for (const q of [
      'May I accept gifts?',
      'Vad gäller för alkohol?',
      'Which twin towns do we have?',
      'Vilka vänorter har vi?',
    ]) {
      expect(read(q).isWho, q).toBe(false);
    }
    expect(read('Which twin towns do we have?').asksForNames).toBe(true);
  });

  it('turns words into topic units with Swedish alternatives, one unit per concept', () => {
    const units = read('Who signs partner agreements?').units;
    expect(units.map((u) => u.label)).toEqual(['signs', 'partner', 'agreements']);
    expect(units[0]!.kind).toBe('action');
    expect(units[0]!.alternatives.some((a) => a.terms.includes('slut'))).toBe(true);
    expect(units[2]!.alternatives.some((a) => a.terms.includes('avtal'))).toBe(true);
    expect(read('Is it OK to drink wine at lunch?').units.map((u) => u.label)).toEqual([
      'drink / wine',
      'lunch',
    ]);
  });

  it('splits Swedish compounds outside the vocabulary into part units', () => {
    const labels = read('Vem ansvarar för vänortssamarbetet?').units.map((u) => u.label);
    expect(labels).toEqual(['vänortssamarbetet']);
    const parts = read('Vem tecknar partnerskapsavtalet?').units.map((u) => u.label);
    expect(parts).toEqual(['tecknar', 'partnerskapsavtalet (partnerskap)', 'partnerskapsavtalet (avtal)']);
  });

  it('keeps capitalised acronyms such as IT (but not OK) as topic words', () => {
    expect(read('Vem ansvarar för IT-support?').units.map((u) => u.label)).toContain('it');
    expect(read('Is it OK?').units).toEqual([]);
  });
});

describe('how much a question word weighs', () => {
  const index = bundledIndex();
  const weigh = (question: string) => {
    const analyzed = read(question);
    const units = weighUnits(
      analyzed.units,
      (t) => index.terms.frequency(t),
      index.passages.length,
      analyzed.language === 'en' ? 2 : 0,
    );
    return new Map(units.map((u) => [u.unit.label, u]));
  };
  const unknownWord = inverseDocumentFrequency(0, index.passages.length);

  it('weighs a country the policies never name at half an unknown word, and one they name as a topic', () => {
    const units = weigh('Kan vi teckna ett nytt vänortsavtal med en stad i Tyskland?');
    expect(units.get('tyskland')!.unit.place).toBe(true);
    expect(units.get('tyskland')!.weight).toBeCloseTo(unknownWord * PLACE_FACTOR);
    const named = weigh('Har vi vänorter i Norge?').get('norge')!;
    expect(named.weight).toBeGreaterThan(0);
    expect(named.weight).toBeLessThan(unknownWord);
    // An unknown word that is no country keeps its full weight (it says the policies do not cover it).
    expect(weigh('Vem ansvarar för visum?').get('visum')!.weight).toBeCloseTo(unknownWord);
  });

  it('weighs qualifiers ("annual") like verbs, below the topic they narrow', () => {
    const units = weigh('Who drafts the annual action plan?');
    const annual = units.get('annual')!;
    expect(annual.unit.kind).toBe('qualifier');
    const annualAlone = weighUnits(
      [{ ...annual.unit, kind: 'topic' }],
      (t) => index.terms.frequency(t),
      index.passages.length,
    )[0]!;
    expect(annual.weight).toBeCloseTo(annualAlone.weight * ACTION_FACTOR);
  });
});

describe('English contractions', () => {
  it('leaves the pieces of "isn\'t" and "doesn\'t" out of the topic', () => {
    const labels = read("Who handles matters that isn't or doesn't go to the board?").units.map(
      (u) => u.label,
    );
    expect(labels.join(' ')).not.toMatch(/\bisn\b|\bdoesn\b/);
  });
});
