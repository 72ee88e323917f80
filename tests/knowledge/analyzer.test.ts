import { describe, expect, it } from 'vitest';
import { createDecompounder } from '../../src/knowledge/decompound.js';
import { foldDiacritics, splitSentences, tokenize } from '../../src/knowledge/text.js';
import { bundledIndex } from './support/knowledge.js';

const analyzer = () => bundledIndex().analyzer;

describe('Swedish analysis', () => {
  it.each([
    ['beslutar', 'besluta'],
    ['beslutet', 'beslut'],
    ['avtalet', 'avtal'],
    ['avtalen', 'avtal'],
    ['samarbetet', 'samarbete'],
    ['frågan', 'frågor'],
    ['vänorter', 'vänort'],
    ['handlingsplanen', 'handlingsplan'],
    ['utveckling', 'utvecklar'],
    ['samordning', 'samordnar'],
    ['bevakning', 'bevaka'],
  ])('%s and %s share a stem (Snowball plus the endings it leaves)', (a, b) => {
    expect(analyzer().analyzeWord(a).stem).toBe(analyzer().analyzeWord(b).stem);
  });

  it('does not strip an ending when the shorter stem is not a word of the policies', () => {
    expect(analyzer().analyzeWord('handlingsplan').stem).toBe('handlingsplan');
    expect(analyzer().analyzeWord('plan').stem).toBe('plan');
    // "led" is too short and "ledn" is no stem of the policies: ledning stays a word of its own.
    expect(analyzer().analyzeWord('ledning').stem).toBe('ledning');
  });

  it.each([
    ['partneravtal', ['avtal']],
    ['vänortssamarbetet', ['vanort', 'samarbet']],
    ['vanortssamarbete', ['vanort', 'samarbet']],
    ['regionledningskontoret', ['region', 'ledning']],
    ['kommunfullmäktiges', ['kommun']],
    ['uppföljningsansvaret', ['uppfoljning', 'ansvar']],
    ['omvärldsbevakning', ['omvarld', 'bevak']],
    ['cityavtal', ['city', 'avtal']],
  ])('splits the compound %s (linking -s- included)', (word, parts) => {
    const analysis = analyzer().analyzeWord(word);
    for (const part of parts) expect(analysis.parts).toContain(part);
    expect(analyzer().wordTerms(word)).toContain(analysis.stem);
  });

  it.each(['verksamheter', 'kontakterna', 'samarbete', 'internationella', 'landstinget', 'medarbetare'])(
    'leaves the non-compound %s whole',
    (word) => {
      expect(analyzer().analyzeWord(word).parts).toEqual([]);
    },
  );

  it('matches without diacritics', () => {
    expect(analyzer().analyzeWord('Jonkoping').stem).toBe(analyzer().analyzeWord('Jönköping').stem);
    expect(analyzer().analyzeWord('vanortsavtal')).toEqual(analyzer().analyzeWord('vänortsavtal'));
    expect(foldDiacritics('Bodø Gorzów Österrike')).toBe('Bodo Gorzow Osterrike');
  });

  it('stems English for the vocabulary and drops stop words from text', () => {
    expect(analyzer().englishStem('agreements')).toBe(analyzer().englishStem('agreement'));
    expect(analyzer().textTerms('Vem är det som sluter avtalet?')).toEqual(['slut', 'avtal']);
  });
});

describe('decompounder', () => {
  const words = new Set(['partner', 'avtal', 'vänort', 'samarbetet', 'region', 'ledning', 'kontoret', 'för']);
  const split = createDecompounder(
    { isWord: (w) => words.has(w), isForm: (w) => words.has(w) },
    {
      minWord: 7,
      minPart: 3,
      minTail: 4,
      linking: ['s'],
      nonTails: new Set(['heter']),
      nonHeads: new Set(['för']),
    },
  );

  it('splits into known parts with the fewest parts', () => {
    expect(split('partneravtal')).toEqual(['partner', 'avtal']);
    expect(split('vänortssamarbetet')).toEqual(['vänort', 'samarbetet']);
    expect(split('regionledningskontoret')).toEqual(['region', 'ledning', 'kontoret']);
  });

  it('refuses unknown parts, stop-word heads and short words', () => {
    expect(split('partnerskap')).toBeUndefined();
    expect(split('föravtal')).toBeUndefined();
    expect(split('avtal')).toBeUndefined();
  });
});

describe('text helpers', () => {
  it('tokenizes letters and digits, keeps case information', () => {
    const tokens = tokenize('IT-support för EU:s t.ex. 2018-11-22');
    expect(tokens.map((t) => t.word)).toEqual(['it', 'support', 'för', 'eu', 'ex', '2018', '11', '22']);
    expect(tokens[0]!.acronym).toBe(true);
    expect(tokens[1]!.acronym).toBe(false);
  });

  it('splits sentences but not at abbreviations', () => {
    expect(
      splitSentences('Arbetet involverar tex. samverkan. Det sker t.ex. genom nyhetsbevakning. Klart'),
    ).toEqual(['Arbetet involverar tex. samverkan.', 'Det sker t.ex. genom nyhetsbevakning.', 'Klart']);
  });
});
