import { z } from 'zod';

/** Schemas of the files under `knowledge/`: organisation metadata, document front matter, vocabulary, language data. */

const text = z.string().trim().min(1, 'must not be empty');
const textList = z.array(text).default([]);

/** A kind of organisation: any key of language.yaml's `kindWords` (the loader checks it is defined there). */
export const kindSchema = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    'must be lower-case letters, digits and hyphens (e.g. county-council)',
  );

export const orgIdSchema = z
  .string()
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    'must be lower-case letters, digits and hyphens (e.g. region-kronoberg)',
  );

export const bodySchema = z
  .object({
    /** The body or role as the policy names it, e.g. "Regionstyrelsen". */
    name: text,
    /** English name shown next to the Swedish one, e.g. "Regional Executive Board". */
    en: text,
    /** Other spellings the policy uses for the same body; shown as written ("Regionsstyrelsen"). */
    aliases: textList,
    /** Short references ("styrelsen") that mean this body; shown as the full name. */
    references: textList,
    /** How English speakers may call it in questions. */
    enAliases: textList,
  })
  .strict();
export type Body = z.infer<typeof bodySchema>;

export const organisationSchema = z
  .object({
    id: orgIdSchema,
    name: text,
    nameEn: text.optional(),
    /** A key of language.yaml's kindWords: region, municipality, county-council, or any kind added there. */
    kind: kindSchema,
    /** Names people use for the organisation; any of them in a question limits the answer to it. */
    names: z.array(text).min(1, 'list at least one name'),
    /** Names shared with another organisation ("Jönköping"): chosen by kind words nearby, else all sharers. */
    sharedNames: textList,
    bodies: z.array(bodySchema).min(1, 'list the bodies and roles the policy names'),
  })
  .strict();
export type Organisation = z.infer<typeof organisationSchema>;

const dateLike = z
  .union([z.string(), z.number(), z.date()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v)))
  .refine((v) => /^\d{4}(-\d{2}(-\d{2})?)?$/.test(v), { message: 'must be YYYY, YYYY-MM or YYYY-MM-DD' });

export const frontMatterSchema = z
  .object({
    title: text,
    organisation: orgIdSchema,
    documentType: z.enum(['policy', 'strategi', 'riktlinjer', 'protokoll', 'handlingsplan', 'övrigt']),
    /** `policy`: answers cite it; `context`: background (minutes, proposals) ranked below the policy. */
    role: z.enum(['policy', 'context']).default('policy'),
    adoptedBy: text.optional(),
    adoptionDate: dateLike.optional(),
    validFrom: dateLike.optional(),
    validTo: dateLike.optional(),
    reference: text.optional(),
    decision: text.optional(),
    /** Why adoptedBy, adoptionDate or reference is missing (the source does not say); never a guess in their place. */
    notes: z
      .object({ adoptedBy: text.optional(), adoptionDate: text.optional(), reference: text.optional() })
      .strict()
      .optional(),
    appliesTo: z.array(text).optional(),
    source: text,
  })
  .strict();
export type FrontMatter = z.infer<typeof frontMatterSchema>;

export const conceptKindSchema = z.enum(['topic', 'action', 'qualifier']);
export type ConceptKind = z.infer<typeof conceptKindSchema>;

export const conceptSchema = z
  .object({
    id: text,
    en: z.array(text).min(1, 'list at least one English word'),
    sv: z.array(text).min(1, 'list at least one Swedish word'),
    /** Swedish words that are related but not the same; they count for less. */
    near: textList,
    /**
     * `action`: a verb; `qualifier`: a word that narrows a topic ("annual", "new"). Both weigh less
     * than the topic words of a question.
     */
    kind: conceptKindSchema.default('topic'),
  })
  .strict();
export type Concept = z.infer<typeof conceptSchema>;

export const vocabularySchema = z.object({ concepts: z.array(conceptSchema).min(1) }).strict();
export type Vocabulary = z.infer<typeof vocabularySchema>;

const bilingual = z.object({ en: z.array(text), sv: z.array(text) }).strict();

export const languageDataSchema = z
  .object({
    stopwords: bilingual,
    capitalStopwords: z.array(text).default([]),
    whoWords: bilingual,
    whichWords: bilingual,
    bodyNouns: bilingual,
    responsibilityWords: bilingual,
    ensureWords: bilingual,
    /** Regular expressions (case-insensitive) for "what is …?" questions. */
    definitionPatterns: z.array(
      z.string().refine((pattern) => {
        try {
          new RegExp(pattern, 'iu');
          return true;
        } catch {
          return false;
        }
      }, 'is not a valid regular expression'),
    ),
    /** Beginnings of words in statements that say "makes sure" ("tillses", "säkerställer"). */
    ensureCues: z.array(text),
    /** Kinds of organisation and the words that name them; organisation.yaml's `kind` must be one of these keys. */
    kindWords: z
      .record(kindSchema, z.array(text).min(1, 'list at least one word for this kind'))
      .refine((kinds) => Object.keys(kinds).length > 0, 'define at least one kind of organisation'),
    negations: z.array(text),
    analysis: z
      .object({
        minWord: z.number().int().min(4),
        minPart: z.number().int().min(2),
        minTail: z.number().int().min(2),
        linking: z.array(z.string().max(2)),
        extraEndings: z.array(text),
        minStem: z.number().int().min(2),
        nonTails: z.array(text),
      })
      .strict(),
  })
  .strict();
export type LanguageData = z.infer<typeof languageDataSchema>;
