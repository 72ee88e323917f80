import type { Language } from '../../src/core/language.js';
import type { Form } from '../../src/core/reply.js';
import type { SlackDeps } from './deps.js';
import { encodeMetadata, type ModalMetadata } from './private-metadata.js';
import { renderModal } from './render/modal.js';

/**
 * Opens a form as a modal (`views.open`, or `views.push` on top of a modal the click came from).
 * Returns false when Slack refused (usually an expired trigger_id): callers then offer a button.
 */
export async function openModal(
  deps: SlackDeps,
  form: Form,
  request: { triggerId: string; language: Language; metadata: ModalMetadata; push?: boolean },
): Promise<boolean> {
  try {
    const view = renderModal(form, {
      language: request.language,
      privateMetadata: encodeMetadata(request.metadata),
    });
    await deps.api.call(request.push ? 'views.push' : 'views.open', { trigger_id: request.triggerId, view });
    return true;
  } catch (error) {
    deps.log.warn({ err: error, form: form.id }, 'could not open the form as a Slack modal');
    return false;
  }
}
