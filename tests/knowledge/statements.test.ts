import { describe, expect, it } from 'vitest';
import type { Body } from '../../src/knowledge/knowledge-schema.js';
import { parseBlocks } from '../../src/knowledge/markdown.js';
import { createPhraseMatcher } from '../../src/knowledge/phrase-matcher.js';
import { extractStatements, type BodyMentionValue } from '../../src/knowledge/statements.js';

const body = (name: string, en: string, extra: Partial<Body> = {}): Body => ({
  name,
  en,
  aliases: [],
  references: [],
  enAliases: [],
  ...extra,
});

const bodies = [
  body('Regionstyrelsen', 'Regional Executive Board', {
    aliases: ['Regionsstyrelsen'],
    references: ['styrelsen'],
  }),
  body('Regionfullmäktige', 'Regional Council'),
  body('Kommunfullmäktiges presidium', 'Presidium of the Municipal Council'),
  body('Sekretariatet', 'The Secretariat'),
  body('Respektive nämnd', 'Each committee', { aliases: ['nämnd', 'nämnder'] }),
  body('Tjänstepersoner', 'Officials', { aliases: ['samtliga tjänstepersoner'] }),
  body('Förtroendevalda', 'Elected representatives'),
  body('Förvaltningsdirektörer', 'Directors of the administrations'),
  body('Regiondirektören', 'Regional Director'),
];

const matcher = createPhraseMatcher<BodyMentionValue>(
  bodies.flatMap((b) => [
    { phrase: b.name, value: { body: b, form: 'name' as const } },
    ...b.aliases.map((phrase) => ({ phrase, value: { body: b, form: 'alias' as const } })),
    ...b.references.map((phrase) => ({ phrase, value: { body: b, form: 'reference' as const } })),
  ]),
);
const rules = {
  negations: new Set(['inte', 'ej', 'aldrig']),
  responsibilityWords: new Set(['ansvar', 'ansvaret', 'atagande', 'uppgift']),
};

function extract(markdown: string) {
  return extractStatements(parseBlocks(`# Titel\n\n${markdown}`), matcher, rules).map((s) => ({
    actor: s.actor,
    origin: s.origin,
    cue: s.cue,
    duty: s.duty,
    quote: s.quote,
  }));
}

describe('responsibility statements', () => {
  it.each([
    [
      'X beslutar om …',
      'Regionfullmäktige beslutar om den internationella strategin.',
      'Regionfullmäktige',
      'subject',
      'beslutar',
      'beslutar om den internationella strategin.',
    ],
    [
      'X ansvarar för …',
      'Regionstyrelsen ansvarar för internationella frågor.',
      'Regionstyrelsen',
      'subject',
      'ansvarar',
      'ansvarar för internationella frågor.',
    ],
    [
      'X har rätt att teckna … (after "och")',
      'Nya orter kan tillkomma och regionstyrelsen har rätt att teckna sister-cityavtal.',
      'Regionstyrelsen',
      'subject',
      'har',
      'har rätt att teckna sister-cityavtal.',
    ],
    [
      'X, apposition, ansvarar',
      'Sekretariatet, med särskild tjänsteman för internationella frågor, ansvarar för beredningen.',
      'Sekretariatet',
      'subject',
      'ansvarar',
      'med särskild tjänsteman för internationella frågor, ansvarar för beredningen.',
    ],
    [
      'X tillses att …',
      'Förvaltningsdirektörer tillses att omvärldsbevakning sker löpande.',
      'Förvaltningsdirektörer',
      'subject',
      'tillses',
      'tillses att omvärldsbevakning sker löpande.',
    ],
    [
      'X har uppföljningsansvaret',
      'Regiondirektören har uppföljningsansvaret, med stöd från funktionen.',
      'Regiondirektören',
      'subject',
      'har',
      'har uppföljningsansvaret, med stöd från funktionen.',
    ],
    [
      'X svarar för … och tar emot …',
      'Kommunfullmäktiges presidium svarar även för vänortssamarbetet och tar emot utländska gäster.',
      'Kommunfullmäktiges presidium',
      'subject',
      'svarar',
      'svarar även för vänortssamarbetet och tar emot utländska gäster.',
    ],
    [
      '… sluts via X',
      'Enskilda verksamheter kan inte sluta partneravtal utan avtal sluts via regionstyrelsen.',
      'Regionstyrelsen',
      'agent',
      'via',
      'utan avtal sluts via regionstyrelsen.',
    ],
    [
      '… sker via X',
      'Enskilda verksamheter kan inte sluta vänortsavtal utan detta sker via regionstyrelsen.',
      'Regionstyrelsen',
      'agent',
      'via',
      'utan detta sker via regionstyrelsen.',
    ],
    [
      '… redovisas årligen till X',
      'Det internationella arbetet redovisas årligen till regionstyrelsen.',
      'Regionstyrelsen',
      'agent',
      'till',
      'Det internationella arbetet redovisas årligen till regionstyrelsen.',
    ],
    [
      '… bereds till X has the subject as actor',
      'Sekretariatet ansvarar för att frågor bereds till regionstyrelsen.',
      'Sekretariatet',
      'subject',
      'ansvarar',
      'ansvarar för att frågor bereds till regionstyrelsen.',
    ],
    [
      '… ingår som uppgift och ansvar hos X och Y',
      'Omvärldsbevakning ingår som uppgift och ansvar hos samtliga tjänstepersoner och förtroendevalda.',
      'Samtliga tjänstepersoner och förtroendevalda',
      'agent',
      'hos',
      'Omvärldsbevakning ingår som uppgift och ansvar hos samtliga tjänstepersoner och förtroendevalda.',
    ],
    [
      'Beslutad av X',
      'Beslutad av Regionfullmäktige 2007-06-20',
      'Regionfullmäktige',
      'agent',
      'av',
      'Beslutad av Regionfullmäktige 2007-06-20',
    ],
    [
      '… ett ansvar för såväl X som för Y (reference shown by its full name)',
      'Det är inte ett avgränsat sakområde, utan ett ansvar för såväl styrelsen som för nämnder.',
      'Regionstyrelsen och nämnder',
      'agent',
      'ansvar för',
      'utan ett ansvar för såväl styrelsen som för nämnder.',
    ],
  ])('%s', (_pattern, sentence, actor, origin, cue, duty) => {
    expect(extract(sentence)).toEqual([{ actor, origin, cue, duty, quote: sentence }]);
  });

  it('takes a body followed by "som" and a verb as the subject of the relative clause', () => {
    const [statement] = extract(
      'Regionen är värdorganisation för Sekretariatet som arbetar aktivt med att sprida information om EU.',
    );
    expect(statement).toMatchObject({ actor: 'Sekretariatet', origin: 'subject', cue: 'arbetar' });
    expect(statement!.duty).toBe('arbetar aktivt med att sprida information om EU.');
    // "som" before a noun is no relative clause with a verb.
    expect(extract('Regionen ser Sekretariatet som en viktig resurs för länet.')).toEqual([]);
  });

  it('finds the verb after a prepositional phrase, even a one-letter preposition ("Tjänstepersoner i regionen bör …")', () => {
    const [statement] = extract(
      'Tjänstepersoner i regionen bör hålla sig informerade om EU:s regelverk och olika program för utvecklingsarbete.',
    );
    expect(statement).toMatchObject({ actor: 'Tjänstepersoner', origin: 'subject', cue: 'bör' });
    expect(statement!.duty).toMatch(/^i regionen bör hålla sig informerade om EU:s regelverk/);
    const [inom] = extract(
      'Förtroendevalda inom regionen ska delta i internationella nätverk och konferenser.',
    );
    expect(inom).toMatchObject({ actor: 'Förtroendevalda', cue: 'ska' });
  });

  it('splits "X beslutar …, medan Y beslutar …" into two statements', () => {
    const statements = extract(
      'Regionstyrelsen beslutar om övergripande samarbeten, medan respektive nämnd beslutar om samarbeten på nämnds nivå.',
    );
    expect(statements.map((s) => [s.actor, s.duty])).toEqual([
      ['Regionstyrelsen', 'beslutar om övergripande samarbeten'],
      ['Respektive nämnd', 'beslutar om samarbeten på nämnds nivå.'],
    ]);
  });

  it('never turns a negated clause or a body in object position into a statement', () => {
    expect(extract('Regionstyrelsen kan inte ingå avtal för nämnder.')).toEqual([]);
    expect(extract('Policyn är grunden för arbetet i styrelsen och nämnder, i förvaltningen.')).toEqual([]);
    expect(extract('Regionstyrelsen')).toEqual([]);
  });

  it('takes the duties under a heading that names a body ("Regionsstyrelsen" + bullets)', () => {
    const statements = extract(
      '## Ansvar\n\n### Regionsstyrelsen\n\n- Övergripande ansvar för internationella frågor\n- Sluter internationella avtal',
    );
    expect(statements.map((s) => [s.actor, s.origin, s.quote])).toEqual([
      ['Regionsstyrelsen', 'section', 'Övergripande ansvar för internationella frågor'],
      ['Regionsstyrelsen', 'section', 'Sluter internationella avtal'],
    ]);
  });

  it('takes a heading or list intro with a subject as the start of each bullet ("X beslutar om" + bullets)', () => {
    const statements = extract(
      '### Regionfullmäktige beslutar om\n\n- internationell policy\n- vänortssamarbeten',
    );
    expect(statements.map((s) => [s.actor, s.origin, s.duty, s.quote])).toEqual([
      [
        'Regionfullmäktige',
        'list',
        'internationell policy',
        'Regionfullmäktige beslutar om … internationell policy',
      ],
      ['Regionfullmäktige', 'list', 'vänortssamarbeten', 'Regionfullmäktige beslutar om … vänortssamarbeten'],
    ]);
  });

  it('gives the bullets of a responsibility list intro to the previous actor of the section', () => {
    const statements = extract(
      '## Organisation\n\nRegionstyrelsen bestämmer den strategiska inriktningen.\n\nDet övergripande ansvaret består i huvudsak av följande åtagande:\n\n- officiella kontakter\n- löpande omvärldsbevakning',
    );
    expect(statements.map((s) => [s.actor, s.origin, s.duty])).toEqual([
      ['Regionstyrelsen', 'subject', 'bestämmer den strategiska inriktningen.'],
      ['Regionstyrelsen', 'list', 'officiella kontakter'],
      ['Regionstyrelsen', 'list', 'löpande omvärldsbevakning'],
    ]);
    expect(extract('## Mål\n\nPolicyn ska inkludera följande mål:\n\n- Bra folkhälsa')).toEqual([]);
  });

  it('continues the actor for "Vidare … de …" and in responsibility sections', () => {
    const statements = extract(
      '## Ansvarsfördelning\n\nRegionstyrelsen ansvarar för samordning. Vidare verkar de för utveckling. Återkoppling sker i mars.',
    );
    expect(statements.map((s) => [s.actor, s.origin])).toEqual([
      ['Regionstyrelsen', 'subject'],
      ['Regionstyrelsen', 'anaphora'],
      ['Regionstyrelsen', 'anaphora'],
    ]);
    expect(
      extract('## Bakgrund\n\nRegionstyrelsen ansvarar för samordning. Återkoppling sker i mars.'),
    ).toHaveLength(1);
  });

  it('names the deciding body of a proposal, and the proposing one ("X föreslår Y besluta" + bullets)', () => {
    const statements = extract(
      'Regionstyrelsen föreslår regionfullmäktige besluta\n\n- Fastställa policy för internationell verksamhet.',
    );
    expect(statements.map((s) => [s.actor, s.origin, s.cue, s.duty])).toEqual([
      [
        'Regionstyrelsen',
        'list',
        'föreslår',
        'föreslår regionfullmäktige besluta … Fastställa policy för internationell verksamhet',
      ],
      ['Regionfullmäktige', 'list', 'list', 'Fastställa policy för internationell verksamhet'],
    ]);
    // Both quote the policy verbatim, the intro and its bullet joined by " … ".
    expect(statements[1]!.quote).toBe(
      'Regionstyrelsen föreslår regionfullmäktige besluta … Fastställa policy för internationell verksamhet.',
    );
  });

  it('reads "X föreslår Y att …" in running text as a decision of Y proposed by X', () => {
    const statements = extract(
      'Sekretariatet föreslår regionstyrelsen att fastställa den årliga handlingsplanen för det internationella arbetet.',
    );
    expect(statements.map((s) => [s.actor, s.cue])).toEqual([
      ['Sekretariatet', 'föreslår'],
      ['Regionstyrelsen', 'besluta'],
    ]);
  });
});
