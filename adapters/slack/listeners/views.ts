import type { App, ViewOutput, ViewResponseAction, types as slack } from '@slack/bolt';
import type { Language } from '../../../src/core/language.js';
import { findForm, type Form, type Reply } from '../../../src/core/reply.js';
import type { Turn } from '../../../src/core/turn.js';
import { FORM_CALLBACK_PREFIX, formIdFromCallback } from '../action-ids.js';
import { channelKindOf, replyLanguage, slackTurn } from '../conversation.js';
import { TIMED_OUT, within } from '../deadline.js';
import { deliver, type Target } from '../delivery.js';
import type { SlackDeps } from '../deps.js';
import {
  decodeMetadata,
  encodeMetadata,
  MetadataTooLargeError,
  type ModalMetadata,
} from '../private-metadata.js';
import { readViewValues, renderModal, viewErrors } from '../render/modal.js';
import {
  closedEarlyReply,
  doneView,
  inputFields,
  keepOpen,
  modalLanguage,
  problemView,
  withTypedValues,
  workingView,
  type InputField,
} from '../render/submission.js';
import { publishHome } from './home.js';

/**
 * Slack closes a modal with an error when a submission is not acknowledged within 3 s. Everything
 * from the moment the submission arrives to the acknowledgement (the user's profile and the core)
 * must fit in this budget; the rest of the 3 s is left for the network.
 */
export const SUBMIT_BUDGET_MS = 2200;

/** Within that budget, how long a first-time user's users.info may take before going on without it. */
const SUBMIT_PROFILE_WAIT_MS = 500;

/** A submission as it arrived, for the work after the acknowledgement. */
interface Submission {
  view: ViewOutput;
  formId: string;
  meta: ModalMetadata;
  userId: string;
  values: Record<string, string>;
  fields: InputField[];
}

/**
 * A submitted form goes to the core as a `submit` turn. When the core answers within the budget,
 * field errors come back inline (`response_action: errors`), a next form replaces the modal, and a
 * success closes it and posts the result where the form was opened. When the core is slower, the
 * modal stays open showing "saving", and is updated (`views.update`) with the field errors (and the
 * typed input) or a confirmation once the core answers.
 */
export function registerViewListeners(app: App, deps: SlackDeps): void {
  app.view(
    { type: 'view_submission', callback_id: new RegExp(`^${FORM_CALLBACK_PREFIX.replace('.', '\\.')}`) },
    async ({ body, view, ack }) => {
      const receivedAt = Date.now();
      let acked = false;
      const ackOnce = async (response?: ViewResponseAction) => {
        if (acked) return;
        acked = true;
        await ack(response);
      };
      const submission: Submission = {
        view,
        formId: formIdFromCallback(view.callback_id) ?? '',
        meta: decodeMetadata(view.private_metadata),
        userId: body.user.id,
        values: readViewValues(view.state),
        fields: inputFields(view),
      };
      try {
        const work = answer(deps, submission, body.user.name);
        const outcome = await within(work, SUBMIT_BUDGET_MS - (Date.now() - receivedAt));
        if (outcome === TIMED_OUT) {
          await ackOnce({ response_action: 'update', view: workingView(view, modalLanguage(view)) });
          const { turn, reply } = await work;
          await finishLate(deps, submission, turn, reply);
          return;
        }
        const { turn, reply } = outcome;
        const language = replyLanguage(reply, turn);
        const form = findForm(reply);
        if (form) {
          const errors = form.errors
            ? viewErrors(
                form.errors,
                submission.fields.map((f) => f.name),
              )
            : {};
          if (Object.keys(errors).length > 0) {
            await ackOnce({ response_action: 'errors', errors });
            return;
          }
          const next = nextModal(form, submission.meta, language);
          if (!next)
            deps.log.warn({ form: form.id }, 'the next form does not fit a Slack modal; kept it open');
          await ackOnce(
            next ? { response_action: 'update', view: next } : keepOpen(view, 'tooLarge', language),
          );
          return;
        }
        await ackOnce();
        await deliverResult(deps, submission, turn, reply, language);
      } catch (error) {
        deps.log.error({ err: error, form: submission.formId }, 'form submission failed');
        const language = modalLanguage(view);
        if (!acked) {
          await ackOnce(keepOpen(view, 'failed', language)).catch(() => undefined);
        } else {
          await updateView(deps, view.id, problemView(view, language, 'failed', submission.values));
        }
      }
    },
  );
}

async function answer(
  deps: SlackDeps,
  submission: Submission,
  userName: string | undefined,
): Promise<{ turn: Turn; reply: Reply }> {
  const { meta, userId } = submission;
  const profile = await deps.profiles.get(userId, SUBMIT_PROFILE_WAIT_MS);
  const turn = slackTurn(
    {
      userId,
      ...(userName ? { userName } : {}),
      channelId: meta.channel ?? userId,
      channelKind: meta.channel ? channelKindOf(meta.channel) : 'dm',
    },
    profile,
    {
      type: 'submit',
      form: submission.formId,
      values: submission.values,
      ...(meta.state !== undefined ? { state: meta.state } : {}),
    },
  );
  return { turn, reply: await deps.core.router.handle(turn) };
}

/** The core answered after the acknowledgement: update the "saving" modal, then post as usual. */
async function finishLate(deps: SlackDeps, submission: Submission, turn: Turn, reply: Reply): Promise<void> {
  const language = replyLanguage(reply, turn);
  const { view } = submission;
  const form = findForm(reply);
  if (form) {
    const rejected = form.id === submission.formId && Object.keys(form.errors ?? {}).length > 0;
    const shown = rejected ? withTypedValues(form, submission.values) : form;
    const next =
      nextModal(shown, submission.meta, language) ??
      problemView(view, language, 'tooLarge', submission.values);
    if (await updateView(deps, view.id, next)) return;
    // The user closed the "saving" window meanwhile: the problems and the input come as a message.
    if (rejected) {
      await deliver(
        deps,
        closedEarlyReply(shown, submission.fields, submission.values, language),
        resultTarget(submission, turn),
        { language },
      );
    }
    return;
  }
  await updateView(deps, view.id, doneView(view, language, reply));
  await deliverResult(deps, submission, turn, reply, language);
}

/** Posts a submission's result where the form was opened from (privately when that was ephemeral). */
async function deliverResult(
  deps: SlackDeps,
  submission: Submission,
  turn: Turn,
  reply: Reply,
  language: Language,
): Promise<void> {
  const shown: Reply = submission.meta.private ? { ...reply, visibility: 'private' } : reply;
  await deliver(deps, shown, resultTarget(submission, turn), { language });
  if (submission.meta.home) await publishHome(deps, submission.userId);
}

function resultTarget(submission: Submission, turn: Turn): Target {
  const { meta, userId } = submission;
  return {
    userId,
    ...(meta.channel ? { channelId: meta.channel } : {}),
    isDm: turn.channelKind === 'dm',
    ...(meta.thread ? { threadTs: meta.thread } : {}),
    ...(meta.responseUrl ? { responseUrl: meta.responseUrl } : {}),
    publicVia: meta.responseUrl && !meta.thread ? 'response_url' : 'post',
  };
}

/** The form as the next modal, or undefined when its state cannot travel in private_metadata. */
function nextModal(form: Form, meta: ModalMetadata, language: Language): slack.ModalView | undefined {
  try {
    return renderModal(form, {
      language,
      privateMetadata: encodeMetadata({
        ...meta,
        ...(form.state !== undefined ? { state: form.state } : {}),
      }),
    });
  } catch (error) {
    if (error instanceof MetadataTooLargeError) return undefined;
    throw error;
  }
}

/** `views.update` of a modal that may have been closed meanwhile; false when Slack refused. */
async function updateView(deps: SlackDeps, viewId: string, view: slack.ModalView): Promise<boolean> {
  try {
    await deps.api.call('views.update', { view_id: viewId, view });
    return true;
  } catch (error) {
    deps.log.info({ err: error, view: viewId }, 'could not update the Slack modal (closed meanwhile?)');
    return false;
  }
}
