import { describe, expect, it } from 'vitest';
import {
  areCognates,
  cognateForm,
  createCognateIndex,
  englishCognateForms,
} from '../../src/knowledge/cognates.js';

describe('English–Swedish cognates', () => {
  it('rewrites both languages to one rough spelling', () => {
    expect(cognateForm('communication')).toBe(cognateForm('kommunikation'));
    expect(cognateForm('corruption')).toBe(cognateForm('korruption'));
    expect(cognateForm('philosophy')).toBe(cognateForm('filosofi'));
  });

  it.each([
    ['aspects', 'aspekt'],
    ['competence', 'kompetens'],
    ['culture', 'kultur'],
    ['political', 'politisk'],
    ['national', 'nationell'],
    ['priorities', 'prioritet'],
    ['quality', 'kvalitet'],
    ['conference', 'konferens'],
    ['activities', 'aktivitet'],
    ['strategic', 'strategisk'],
  ])('%s ~ %s', (english, swedish) => {
    expect(englishCognateForms(english).some((form) => areCognates(form, cognateForm(swedish)))).toBe(true);
  });

  it.each([
    ['competence', 'kompetensutveckling'],
    ['communication', 'kommun'],
    ['internal', 'internationell'],
    ['positions', 'positiv'],
    ['region', 'regionfullmakt'],
    ['vacation', 'vakant'],
  ])('%s is not a cognate of %s', (english, swedish) => {
    expect(englishCognateForms(english).some((form) => areCognates(form, cognateForm(swedish)))).toBe(false);
  });

  it('finds the Swedish index terms an English word stands for', () => {
    const index = createCognateIndex([
      'kompetens',
      'kompetensutveckling',
      'kultur',
      'alkohol',
      'avtal',
      'ab',
    ]);
    expect(index.find('competence')).toEqual(['kompetens']);
    expect(index.find('Alcohol')).toEqual(['alkohol']);
    expect(index.find('agreement')).toEqual([]);
    expect(index.find('it')).toEqual([]);
  });
});
