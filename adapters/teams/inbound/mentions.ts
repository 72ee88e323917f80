import { mentionEntitySchema, type TeamsActivity } from './activity.js';

/**
 * The message text without the bot's @mention, found through the mention entities (the text
 * between `<at>` tags is whatever the bot is called in that team, so no fixed string works).
 * Other people's mentions keep their name but lose the tags.
 */
export function textWithoutMentions(
  activity: Pick<TeamsActivity, 'text' | 'entities' | 'recipient'>,
): string {
  let text = activity.text ?? '';
  const botId = activity.recipient?.id;
  for (const raw of activity.entities ?? []) {
    const parsed = mentionEntitySchema.safeParse(raw);
    if (!parsed.success || !parsed.data.text) continue;
    const mention = parsed.data;
    const replacement =
      mention.mentioned.id === botId ? ' ' : (mention.mentioned.name ?? stripTags(mention.text ?? ''));
    text = text.split(mention.text!).join(replacement);
  }
  return normalizeWhitespace(text);
}

function stripTags(text: string): string {
  return text.replace(/<\/?at>/gi, '');
}

function normalizeWhitespace(text: string): string {
  return text
    .replace(/\u00a0|&nbsp;/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .trim();
}
