import type { Logger } from 'pino';
import type { CommandModule, QuestionHandler } from './command.js';
import { turnLanguage, type Language } from './language.js';
import { reply, type Block, type Reply } from './reply.js';
import type { Turn } from './turn.js';

export interface Router {
  handle(turn: Turn): Promise<Reply>;
}

export interface RouterDeps {
  questions: QuestionHandler;
  commands: readonly CommandModule[];
  log: Logger;
}

const HELP_WORDS = new Set(['help', 'hjälp', 'hjalp', '?']);

/** Splits `visit list upcoming` into the command word and the rest. Leading slashes are tolerated. */
export function splitCommandWord(text: string): { word: string; args: string } {
  const trimmed = text.trim().replace(/^\/+/, '');
  const match = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
  if (!match) return { word: '', args: '' };
  return { word: match[1]!.toLowerCase(), args: match[2]!.trim() };
}

export function createRouter({ questions, commands, log }: RouterDeps): Router {
  const byWord = new Map<string, CommandModule>();
  const byNamespace = new Map<string, CommandModule>();
  for (const module of commands) {
    for (const word of module.words) byWord.set(word, module);
    byNamespace.set(module.namespace, module);
  }

  async function dispatch(turn: Turn): Promise<Reply> {
    const input = turn.input;
    switch (input.type) {
      case 'text': {
        if (input.intent === 'ask') return questions.answer(input.text, turn);
        const { word, args } = splitCommandWord(input.text);
        if (!word) return helpReply(turnLanguage(turn), commands);
        if (HELP_WORDS.has(word) && args === '') return helpReply(turnLanguage(turn, word), commands);
        const module = byWord.get(word);
        if (module) return module.handleText(args, turn, word);
        return questions.answer(input.text, turn);
      }
      case 'action': {
        if (input.action === 'home') return homeReply(turn, commands);
        if (input.action === 'answer.share') return questions.share(input.value, turn);
        if (input.action === 'feedback') {
          const [questionId, vote] = input.value.split(':');
          if (questionId && (vote === 'up' || vote === 'down')) {
            return questions.recordFeedback(questionId, vote, input.text, turn);
          }
          return unknownInput(turn);
        }
        const module = byNamespace.get(namespaceOf(input.action));
        if (module?.handleAction) return module.handleAction(input.action, input.value, turn);
        return unknownInput(turn);
      }
      case 'submit': {
        const module = byNamespace.get(namespaceOf(input.form));
        if (module?.handleSubmit) return module.handleSubmit(input.form, input.values, input.state, turn);
        return unknownInput(turn);
      }
    }
  }

  return {
    async handle(turn) {
      try {
        return await dispatch(turn);
      } catch (error) {
        log.error({ err: error, platform: turn.platform, input: turn.input.type }, 'turn failed');
        return apology(turnLanguage(turn));
      }
    },
  };
}

function namespaceOf(id: string): string {
  const dot = id.indexOf('.');
  return dot === -1 ? id : id.slice(0, dot);
}

function unknownInput(turn: Turn): Reply {
  const sv = turnLanguage(turn) === 'sv';
  return reply({
    text: sv ? 'Den knappen känner jag inte igen längre.' : 'That button is no longer recognised.',
    blocks: [
      {
        type: 'context',
        text: sv
          ? ['Den knappen känner jag inte igen längre. Skriv ', { text: 'hjälp', code: true }, '.']
          : ['That button is no longer recognised. Type ', { text: 'help', code: true }, '.'],
      },
    ],
    visibility: 'private',
  });
}

export function apology(language: Language): Reply {
  const text =
    language === 'sv'
      ? 'Något gick fel när jag skulle svara. Försök igen om en stund.'
      : 'Something went wrong while answering. Please try again in a moment.';
  return reply({ text, blocks: [{ type: 'text', text: [text] }], visibility: 'private', language });
}

/** A personal overview (Slack App Home): how to ask, then what each module contributes for this user. */
async function homeReply(turn: Turn, commands: readonly CommandModule[]): Promise<Reply> {
  const help = helpReply(turnLanguage(turn), commands);
  const sections: Block[] = [];
  for (const module of commands) {
    if (module.homeSection) sections.push(...(await module.homeSection(turn)));
  }
  return {
    ...help,
    blocks: [...help.blocks, ...(sections.length > 0 ? [{ type: 'divider' as const }, ...sections] : [])],
  };
}

export function helpReply(language: Language, commands: readonly CommandModule[]): Reply {
  const sv = language === 'sv';
  const intro = sv
    ? 'Jag svarar på frågor om vem som ansvarar för vad i de internationella policyerna, och för ett register över internationella möten och besök.'
    : 'I answer questions about who is responsible for what in the international policies, and keep a register of international meetings and visits.';
  const ask = sv
    ? 'Fråga till exempel: "Vem sluter partneravtal?" eller "Vem beslutar om vänortssamarbeten i Västernorrland?"'
    : 'Ask for example: "Who signs partner agreements?" or "Who decides on twin-town cooperation in Västernorrland?"';
  const lines = commands.flatMap((c) => (sv ? c.help.sv : c.help.en));
  return reply({
    text: `${intro}\n${ask}`,
    language,
    visibility: 'private',
    blocks: [
      { type: 'header', text: sv ? 'Så här använder du Ansvar' : 'How to use Ansvar' },
      { type: 'text', text: [intro] },
      { type: 'text', text: [ask] },
      ...(lines.length > 0
        ? [
            {
              type: 'text' as const,
              text: lines.flatMap((line, i) =>
                i === 0 ? [{ text: line, code: true }] : ['\n', { text: line, code: true }],
              ),
            },
          ]
        : []),
    ],
  });
}
