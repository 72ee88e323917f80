import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { CommandModule, QuestionHandler } from '../../src/core/command.js';
import { reply } from '../../src/core/reply.js';
import { createRouter, splitCommandWord } from '../../src/core/router.js';
import { makeTurn, type TurnInput } from '../../src/core/turn.js';

const seen: string[] = [];
const questions: QuestionHandler = {
  async answer(question) {
    seen.push(`question:${question}`);
    return reply({ text: 'answer', blocks: [] });
  },
  async recordFeedback(id, vote) {
    seen.push(`feedback:${id}:${vote}`);
    return reply({ text: 'thanks', blocks: [] });
  },
  async share(id) {
    seen.push(`share:${id}`);
    return reply({ text: 'shared', blocks: [] });
  },
};
const visit: CommandModule = {
  words: ['visit', 'besök'],
  namespace: 'visit',
  help: { en: ['visit add …'], sv: ['besök add …'] },
  async handleText(args, _turn, word) {
    seen.push(`text:${word}:${args}`);
    return reply({ text: 'ok', blocks: [] });
  },
  async handleAction(action, value) {
    seen.push(`action:${action}:${value}`);
    return reply({ text: 'ok', blocks: [] });
  },
  async homeSection(turn) {
    return [{ type: 'text', text: [`upcoming for ${turn.userId}`] }];
  },
  async handleSubmit(form, values, state) {
    seen.push(`submit:${form}:${JSON.stringify(values)}:${state}`);
    if (values.boom) throw new Error('secret stack detail');
    return reply({ text: 'ok', blocks: [] });
  },
};
const router = createRouter({ questions, commands: [visit], log: pino({ level: 'silent' }) });
const send = (input: TurnInput, locale?: string) =>
  router.handle(
    makeTurn({ platform: 'cli', userId: 'anna', channelId: 'c', input, ...(locale ? { locale } : {}) }),
  );

describe('router', () => {
  it('splits the command word case-insensitively and tolerates a slash', () => {
    expect(splitCommandWord('  /Visit list upcoming ')).toEqual({ word: 'visit', args: 'list upcoming' });
    expect(splitCommandWord('')).toEqual({ word: '', args: '' });
  });

  it('routes command words, questions, actions, submits and feedback', async () => {
    seen.length = 0;
    await send({ type: 'text', text: 'BESÖK list' });
    await send({ type: 'text', text: 'who signs partner agreements?' });
    await send({ type: 'text', text: 'visit the policy please', intent: 'ask' });
    await send({ type: 'action', action: 'visit.cancel', value: '7' });
    await send({ type: 'submit', form: 'visit', values: { title: 'x' }, state: '3' });
    await send({ type: 'action', action: 'feedback', value: '12:down' });
    await send({ type: 'action', action: 'answer.share', value: '12' });
    expect(seen).toEqual([
      'text:besök:list',
      'question:who signs partner agreements?',
      'question:visit the policy please',
      'action:visit.cancel:7',
      'submit:visit:{"title":"x"}:3',
      'feedback:12:down',
      'share:12',
    ]);
    const home = await send({ type: 'action', action: 'home', value: '' });
    expect(home.blocks.at(-1)).toEqual({ type: 'text', text: ['upcoming for anna'] });
  });

  it('answers help in the language asked', async () => {
    expect((await send({ type: 'text', text: 'help' })).text).toMatch(/I answer questions/);
    expect((await send({ type: 'text', text: 'hjälp' })).text).toMatch(/Jag svarar/);
    expect((await send({ type: 'text', text: '   ' })).blocks[0]).toEqual({
      type: 'header',
      text: 'How to use Ansvar',
    });
  });

  it('turns unknown buttons and failures into short messages without internals', async () => {
    expect((await send({ type: 'action', action: 'nope.x', value: '' })).text).toMatch(
      /no longer recognised/,
    );
    expect((await send({ type: 'action', action: 'feedback', value: 'garbage' })).text).toMatch(
      /no longer recognised/,
    );
    const failed = await send({ type: 'submit', form: 'visit', values: { boom: '1' } }, 'sv-SE');
    expect(failed.text).toBe('Något gick fel när jag skulle svara. Försök igen om en stund.');
    expect(JSON.stringify(failed)).not.toMatch(/secret stack detail/);
  });
});
