/** Block Kit limits (see platform-notes) and helpers that keep text inside them. */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  /** Slack rejects messages with roughly 12k characters of block text (`msg_blocks_too_long`); stay under. */
  messageChars: 11_000,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionsElements: 25,
  contextElements: 10,
  optionText: 75,
  optionValue: 75,
  staticOptions: 100,
  optionGroups: 100,
  radioOptions: 10,
  viewTitle: 24,
  privateMetadata: 3000,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  plainTextInput: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  fallbackText: 3000,
  actionId: 255,
} as const;

/** Cuts `text` to at most `max` characters, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, max);
  return `${cutBeforeEntity(text, max - 1).trimEnd()}…`;
}

/**
 * Splits mrkdwn into chunks of at most `max` characters, preferring paragraph, then line, then word
 * boundaries, and never cutting an `&amp;` entity or a `<…>` link in half.
 */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = lastBoundary(window, '\n\n', max / 3);
    if (cut <= 0) cut = lastBoundary(window, '\n', max / 3);
    if (cut <= 0) cut = lastBoundary(window, ' ', max / 3);
    if (cut <= 0) cut = max;
    const safe = cutBeforeEntity(rest, cut).length;
    if (safe > 0) cut = safe;
    else {
      // A link at the very start: keep it whole when it fits.
      const close = rest.indexOf('>');
      if (rest.startsWith('<') && close !== -1 && close < max) cut = close + 1;
    }
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks;
}

function lastBoundary(window: string, separator: string, minimum: number): number {
  const index = window.lastIndexOf(separator);
  return index >= minimum ? index + separator.length : -1;
}

/** The longest prefix of `text` of at most `max` characters that does not end inside `&…;` or `<…>`. */
function cutBeforeEntity(text: string, max: number): string {
  let prefix = text.slice(0, max);
  const amp = prefix.lastIndexOf('&');
  if (amp !== -1 && !prefix.slice(amp).includes(';') && /^&(amp|lt|gt);/.test(text.slice(amp))) {
    prefix = prefix.slice(0, amp);
  }
  const open = prefix.lastIndexOf('<');
  if (open !== -1 && !prefix.slice(open).includes('>')) prefix = prefix.slice(0, open);
  return prefix;
}
