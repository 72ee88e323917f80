import type { App } from '@slack/bolt';
import { findForm } from '../../../src/core/reply.js';
import { FORM_CALLBACK_PREFIX, formIdFromCallback } from '../action-ids.js';
import { channelKindOf, replyLanguage, slackTurn } from '../conversation.js';
import { TIMED_OUT, within } from '../deadline.js';
import { deliver } from '../delivery.js';
import type { SlackDeps } from '../deps.js';
import { decodeMetadata, encodeMetadata } from '../private-metadata.js';
import { readViewValues, renderModal, viewErrors } from '../render/modal.js';
import { publishHome } from './home.js';

/** Slack closes a modal with an error after 3 s without an answer; past this the modal closes and the result is posted. */
export const SUBMIT_DEADLINE_MS = 2500;

/**
 * A submitted form goes to the core as a `submit` turn. Field errors come back inline
 * (`response_action: errors`); a success closes the modal and posts the result where it was opened.
 */
export function registerViewListeners(app: App, deps: SlackDeps): void {
  app.view(
    { type: 'view_submission', callback_id: new RegExp(`^${FORM_CALLBACK_PREFIX.replace('.', '\\.')}`) },
    async ({ body, view, ack }) => {
      const formId = formIdFromCallback(view.callback_id) ?? '';
      const meta = decodeMetadata(view.private_metadata);
      const userId = body.user.id;
      try {
        // The submission must be answered within 3 s, so wait less for a first-time user's profile.
        const profile = await deps.profiles.get(userId, 500);
        const channelId = meta.channel ?? userId;
        const turn = slackTurn(
          {
            userId,
            userName: body.user.name,
            channelId,
            channelKind: meta.channel ? channelKindOf(meta.channel) : 'dm',
          },
          profile,
          {
            type: 'submit',
            form: formId,
            values: readViewValues(view.state),
            ...(meta.state !== undefined ? { state: meta.state } : {}),
          },
        );
        const pending = deps.core.router.handle(turn);
        const outcome = await within(pending, SUBMIT_DEADLINE_MS);
        if (outcome === TIMED_OUT) await ack();
        const reply = outcome === TIMED_OUT ? await pending : outcome;
        const language = replyLanguage(reply, turn);
        const form = findForm(reply);

        if (outcome !== TIMED_OUT && form) {
          const blockIds = view.blocks.flatMap((b) => (b.type === 'input' && b.block_id ? [b.block_id] : []));
          const errors = form.errors ? viewErrors(form.errors, blockIds) : {};
          if (Object.keys(errors).length > 0) {
            await ack({ response_action: 'errors', errors });
            return;
          }
          const next = renderModal(form, {
            language,
            privateMetadata: encodeMetadata({
              ...meta,
              ...(form.state !== undefined ? { state: form.state } : {}),
            }),
          });
          await ack({ response_action: 'update', view: next });
          return;
        }
        if (outcome !== TIMED_OUT) await ack();

        await deliver(
          deps,
          reply,
          {
            userId,
            ...(meta.channel ? { channelId: meta.channel } : {}),
            isDm: turn.channelKind === 'dm',
            ...(meta.thread ? { threadTs: meta.thread } : {}),
            ...(meta.responseUrl ? { responseUrl: meta.responseUrl } : {}),
            publicVia: meta.responseUrl && !meta.thread ? 'response_url' : 'post',
          },
          { language },
        );
        if (meta.home) await publishHome(deps, userId);
      } catch (error) {
        deps.log.error({ err: error, form: formId }, 'form submission failed');
        await ack().catch(() => undefined);
      }
    },
  );
}
