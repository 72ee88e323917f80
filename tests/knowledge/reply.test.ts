import { describe, expect, it } from 'vitest';
import { plain, replyToPlainText, type Block } from '../../src/core/reply.js';
import { answerQuestion } from '../../src/knowledge/answer.js';
import { answerToReply } from '../../src/knowledge/answer-reply.js';
import type { Answer } from '../../src/knowledge/answer-schema.js';
import { bundledIndex } from './support/knowledge.js';

const ask = (q: string, org?: string) => answerQuestion(bundledIndex(), q, { org });
const blocksOf = <T extends Block['type']>(blocks: Block[], type: T) =>
  blocks.filter((b): b is Extract<Block, { type: T }> => b.type === type);

describe('answer → neutral Reply', () => {
  it('shows the body in bold with its English name, the duty, the verbatim quote with its citation and a context line', () => {
    const answer = ask('who signs partner agreements?', 'region-jonkopings-lan');
    const entry = answer.answers[0]!;
    const r = answerToReply(answer, { questionId: '42' });
    expect(r.feedback).toEqual({ questionId: '42' });
    expect(r.language).toBe('en');
    const first = blocksOf(r.blocks, 'text')[0]!;
    expect(first.text[0]).toEqual({ text: 'Regionstyrelsen', bold: true });
    expect(plain(first.text)).toBe('Regionstyrelsen (Regional Executive Board) — Region Jönköpings län');
    const quote = blocksOf(r.blocks, 'quote')[0]!;
    expect(quote.text).toBe(entry.quote);
    expect(plain(quote.cite!)).toBe(`${entry.document} · ${entry.section} · ${entry.source}`);
    expect(quote.cite).toContainEqual({ text: entry.source, code: true });
    expect(entry.source).toMatch(/^knowledge\/region-jonkopings-lan\/internationell-policy\.md:\d+$/);
    expect(plain(blocksOf(r.blocks, 'context')[0]!.text)).toBe(
      `Region Jönköpings län · ${entry.document} · ${entry.section}`,
    );
    expect(r.text).toContain('Regionstyrelsen (Regional Executive Board)');
  });

  it('shows the duty on its own line only when the quote does not already say it', () => {
    const base = ask('who signs partner agreements?', 'region-jonkopings-lan');
    const entry = base.answers[0]!;
    const inQuote = {
      ...entry,
      statement: 'sluter internationella avtal',
      quote: 'Sluter internationella avtal.',
    };
    const separate = {
      ...entry,
      statement: 'sluter internationella avtal',
      quote: 'Övergripande ansvar för internationella frågor',
    };
    const texts = (e: typeof entry) =>
      blocksOf(answerToReply({ ...base, answers: [e] }).blocks, 'text').map((b) => plain(b.text));
    expect(texts(inQuote)).not.toContain('sluter internationella avtal');
    expect(texts(separate)).toContain('sluter internationella avtal');
  });

  it('answers Swedish questions without the English name', () => {
    const r = answerToReply(ask('Vem tar emot utländska gäster?', 'jonkopings-kommun'));
    expect(plain(blocksOf(r.blocks, 'text')[0]!.text)).toBe(
      'Kommunfullmäktiges presidium — Jönköpings kommun',
    );
    expect(r.feedback).toBeUndefined();
  });

  it('shows a passage answer with the organisation and document when there is no actor', () => {
    const answer = ask('Vad gäller för alkohol vid representation?', 'region-kronoberg');
    expect(answer.answers[0]!.actor).toBeNull();
    const r = answerToReply(answer);
    expect(plain(blocksOf(r.blocks, 'text')[0]!.text)).toBe(
      'Region Kronoberg · Internationell strategi för Region Kronoberg säger:',
    );
    expect(blocksOf(r.blocks, 'quote')[0]!.text).toMatch(/Alkohol/);
  });

  it('says plainly when the policies do not cover a question and lists the closest sections', () => {
    const answer = ask('Who approves vacation requests?');
    expect(answer.status).toBe('no_answer');
    const r = answerToReply(answer, { questionId: '7' });
    expect(plain(blocksOf(r.blocks, 'text')[0]!.text)).toBe('The policies do not cover that.');
    const closest = plain(blocksOf(r.blocks, 'context')[0]!.text);
    expect(closest).toMatch(/^Closest sections:\n• /);
    expect(closest).toContain('knowledge/');
    expect(r.feedback).toEqual({ questionId: '7' });
    expect(answerToReply(ask('Vem godkänner semester?')).text).toBe('Policyerna tar inte upp det.');
  });

  it('shows at most three organisations with dividers and counts the rest', () => {
    const base = ask('who signs partner agreements?', 'region-jonkopings-lan');
    const many: Answer = {
      ...base,
      answers: Array.from({ length: 5 }, (_, i) => ({
        ...base.answers[0]!,
        orgId: `org-${i}`,
        organization: `Org ${i}`,
      })),
    };
    const r = answerToReply(many);
    expect(blocksOf(r.blocks, 'quote')).toHaveLength(3);
    expect(blocksOf(r.blocks, 'divider')).toHaveLength(2);
    const last = r.blocks[r.blocks.length - 1]!;
    expect(last.type === 'context' ? plain(last.text) : last.type).toBe('…and 2 more organisations.');
  });

  it('keeps user and policy text plain (renderers escape it) and never echoes the question', () => {
    const answer = ask('<!channel> who signs partner agreements? <@U123>', 'region-jonkopings-lan');
    const r = answerToReply(answer);
    const text = replyToPlainText(r);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U123>');
    expect(text).not.toMatch(/[<>]/);
  });
});
