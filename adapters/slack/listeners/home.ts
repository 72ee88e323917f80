import type { App } from '@slack/bolt';
import { replyLanguage, slackTurn } from '../conversation.js';
import type { SlackDeps } from '../deps.js';
import { renderHome } from '../render/home.js';

/** The App Home tab: how to ask, the user's upcoming and unreported visits, a button to log one. */
export function registerHomeListener(app: App, deps: SlackDeps): void {
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await publishHome(deps, event.user, event.channel);
  });
}

/** Renders the home view for one user through the core (`home` action) and publishes it. Never throws. */
export async function publishHome(deps: SlackDeps, userId: string, dmChannel?: string): Promise<void> {
  try {
    const profile = await deps.profiles.get(userId);
    const turn = slackTurn({ userId, channelId: dmChannel || userId, channelKind: 'dm' }, profile, {
      type: 'action',
      action: 'home',
      value: '',
    });
    const reply = await deps.core.router.handle(turn);
    await deps.api.call('views.publish', {
      user_id: userId,
      view: renderHome(reply, replyLanguage(reply, turn)),
    });
  } catch (error) {
    deps.log.error({ err: error, user: userId }, 'could not publish the Slack home tab');
  }
}
