import type { Block, Reply } from './reply.js';
import type { Turn } from './turn.js';

/**
 * A command module owns a set of command words (`visit`, `besök`), the action ids under its
 * namespace (`visit.cancel`) and its forms (`visit`). The router finds the module; the module
 * parses its own arguments and returns a neutral Reply.
 */
export interface CommandModule {
  /** Lower-case words that start this command in a text turn. */
  readonly words: readonly string[];
  /** Action id prefix this module handles, e.g. `visit` for `visit.cancel`. */
  readonly namespace: string;
  /** One line per subcommand for `help`, in English and Swedish. */
  readonly help: { en: readonly string[]; sv: readonly string[] };
  /** `word` is the command word as typed (lower-cased); `args` the rest of the text, trimmed. */
  handleText(args: string, turn: Turn, word: string): Promise<Reply>;
  handleAction?(action: string, value: string, turn: Turn): Promise<Reply>;
  handleSubmit?(
    form: string,
    values: Record<string, string>,
    state: string | undefined,
    turn: Turn,
  ): Promise<Reply>;
  /** Blocks this module contributes to a personal home view (Slack App Home): e.g. the user's upcoming visits. */
  homeSection?(turn: Turn): Promise<Block[]>;
}

/** Answers anything that is not a command. */
export interface QuestionHandler {
  answer(question: string, turn: Turn): Promise<Reply>;
  /** Thumbs up/down on an earlier answer (`feedback` action, value `questionId:up|down`). */
  recordFeedback(
    questionId: string,
    vote: 'up' | 'down',
    text: string | undefined,
    turn: Turn,
  ): Promise<Reply>;
  /** The answer to an earlier, logged question as a public reply (the "Share in channel" button), without logging it again. */
  share(questionId: string, turn: Turn): Promise<Reply>;
}
