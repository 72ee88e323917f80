import type { types as slack, ViewOutput, ViewResponseAction } from '@slack/bolt';
import type { Language } from '../../../src/core/language.js';
import { reply, type Block, type Form, type Reply } from '../../../src/core/reply.js';
import { LIMITS, truncate } from './limits.js';
import { plainText } from './message.js';
import { CLOSE } from './modal.js';
import { userText } from './mrkdwn.js';

/**
 * What a submitted modal shows while and after the core works on it, when that takes longer than
 * Slack waits for the acknowledgement: a "saving" view keeps the window (and everything typed in it)
 * open, and is then replaced by the form with its field errors, or by a short confirmation.
 */

const WORDS = {
  en: {
    working: '⏳ Saving… Keep this window open: the result shows here in a moment.',
    done: '✅ Done.',
    close: 'Close',
    tooLarge:
      'Slack cannot take this form any further (its data is too large for a Slack window). Nothing was saved; your input is still here.',
    failed: 'Something went wrong, and nothing was saved. Your input is still here: please try again.',
    closedEarly:
      'The form window was closed before your input was checked, and it was not saved. Please fix the following and submit the form again.',
    problems: 'To fix',
    typed: 'What you typed',
  },
  sv: {
    working: '⏳ Sparar… Låt fönstret vara öppet: resultatet visas här om en stund.',
    done: '✅ Klart.',
    close: 'Stäng',
    tooLarge:
      'Slack kan inte ta formuläret vidare (dess data är för stor för ett Slack-fönster). Inget sparades; det du skrivit finns kvar.',
    failed: 'Något gick fel och inget sparades. Det du skrivit finns kvar: försök igen.',
    closedEarly:
      'Formulärfönstret stängdes innan det du skrev hade kontrollerats, och inget sparades. Rätta följande och skicka formuläret igen.',
    problems: 'Att rätta',
    typed: 'Det du skrev',
  },
} as const;

export type SubmissionProblem = 'tooLarge' | 'failed';

export interface InputField {
  /** The input block's id: the form field's name. */
  name: string;
  label: string;
}

/** The modal's language, read from its close button (the modal renderer writes it per language). */
export function modalLanguage(view: Pick<ViewOutput, 'close'>): Language {
  return view.close?.text === CLOSE.sv ? 'sv' : 'en';
}

/** The input blocks of a submitted view, in order, with their labels. */
export function inputFields(view: Pick<ViewOutput, 'blocks'>): InputField[] {
  const fields: InputField[] = [];
  for (const block of view.blocks) {
    if (block.type !== 'input' || !block.block_id) continue;
    const label = (block as { label?: { text?: unknown } }).label?.text;
    fields.push({ name: block.block_id, label: typeof label === 'string' ? label : block.block_id });
  }
  return fields;
}

/** Keeps the submitted modal open with a message: on its first input, or as a view of its own. */
export function keepOpen(
  view: Pick<ViewOutput, 'blocks' | 'title' | 'close' | 'callback_id' | 'private_metadata'>,
  problem: SubmissionProblem,
  language: Language,
): ViewResponseAction {
  const [first] = inputFields(view);
  if (first) return { response_action: 'errors', errors: { [first.name]: WORDS[language][problem] } };
  return { response_action: 'update', view: messageView(view, language, WORDS[language][problem]) };
}

/** Shown while the core is still working after the acknowledgement. It has no inputs to submit. */
export function workingView(
  view: Pick<ViewOutput, 'title' | 'close' | 'callback_id' | 'private_metadata'>,
  language: Language,
): slack.ModalView {
  return messageView(view, language, WORDS[language].working);
}

/** The confirmation once a late submission went through (the result is also posted as usual). */
export function doneView(
  view: Pick<ViewOutput, 'title' | 'callback_id'>,
  language: Language,
  result: Reply,
): slack.ModalView {
  const summary = result.text.trim();
  return {
    ...messageView({ ...view, close: null, private_metadata: '' }, language, WORDS[language].done),
    blocks: [
      section(WORDS[language].done),
      ...(summary ? [section(truncate(userText(summary), LIMITS.sectionText))] : []),
    ],
  };
}

/** A problem after the acknowledgement: the message, and what was typed so that nothing is lost. */
export function problemView(
  view: Pick<ViewOutput, 'title' | 'callback_id' | 'blocks'>,
  language: Language,
  problem: SubmissionProblem,
  values: Record<string, string>,
): slack.ModalView {
  const typed = typedLines(inputFields(view), values);
  return {
    ...messageView({ ...view, close: null, private_metadata: '' }, language, WORDS[language][problem]),
    blocks: [
      section(WORDS[language][problem]),
      ...(typed ? [section(`*${WORDS[language].typed}*\n${truncate(typed, LIMITS.sectionText - 100)}`)] : []),
    ],
  };
}

/**
 * The same form once more with the user's input in every field the core left empty (the core echoes
 * what it validated, but a field it cannot show a value for would otherwise come back blank).
 */
export function withTypedValues(form: Form, values: Record<string, string>): Form {
  return {
    ...form,
    fields: form.fields.map((field) =>
      field.value || !values[field.name] ? field : { ...field, value: values[field.name] },
    ),
  };
}

/**
 * For a user who closed the "saving" window before the core answered with field errors: a private
 * message with each field's problem and what they typed, so the input is not lost.
 */
export function closedEarlyReply(
  form: Form,
  fields: readonly InputField[],
  values: Record<string, string>,
  language: Language,
): Reply {
  const w = WORDS[language];
  const labelOf = (name: string) =>
    fields.find((f) => f.name === name)?.label ?? form.fields.find((f) => f.name === name)?.label ?? name;
  const problems = Object.entries(form.errors ?? {}).map(([name, message]) => ({
    label: labelOf(name),
    value: [message],
  }));
  const typed = Object.entries(values)
    .filter(([, value]) => value.trim())
    .map(([name, value]) => ({ label: labelOf(name), value: [truncate(value, 1500)] }));
  const blocks: Block[] = [
    { type: 'header', text: form.title },
    { type: 'text', text: [w.closedEarly] },
  ];
  if (problems.length > 0) blocks.push({ type: 'text', text: [{ text: w.problems, bold: true }] });
  if (problems.length > 0) blocks.push({ type: 'fields', fields: problems });
  if (typed.length > 0) blocks.push({ type: 'text', text: [{ text: w.typed, bold: true }] });
  if (typed.length > 0) blocks.push({ type: 'fields', fields: typed });
  const text = [`${form.title}: ${w.closedEarly}`, ...problems.map((p) => `${p.label}: ${p.value[0]}`)].join(
    '\n',
  );
  return reply({ text, blocks, visibility: 'private', language });
}

function typedLines(fields: readonly InputField[], values: Record<string, string>): string {
  const names = [...new Set([...fields.map((f) => f.name), ...Object.keys(values)])];
  return names
    .filter((name) => values[name]?.trim())
    .map((name) => {
      const label = fields.find((f) => f.name === name)?.label ?? name;
      return `*${userText(label)}*: ${userText(truncate(values[name]!, 1000))}`;
    })
    .join('\n');
}

function messageView(
  view: Pick<ViewOutput, 'title' | 'callback_id' | 'private_metadata'> & {
    close: ViewOutput['close'];
  },
  language: Language,
  text: string,
): slack.ModalView {
  return {
    type: 'modal',
    callback_id: view.callback_id,
    title: plainText(truncate(view.title.text, LIMITS.viewTitle)),
    close: plainText(view.close?.text || WORDS[language].close),
    private_metadata: view.private_metadata,
    blocks: [section(text)],
  };
}

function section(mrkdwn: string): slack.KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: mrkdwn } };
}
