import type { Language } from '../core/language.js';
import type { Reply } from '../core/reply.js';
import { collectDigest, type DigestDeps, type DigestTarget } from './digest-content.js';
import { renderDigest } from './digest-render.js';
import type { Subscription } from './subscriptions.js';

/** Gathers and renders one digest. */
export async function buildDigest(
  deps: DigestDeps,
  target: DigestTarget,
  language: Language,
  now: Date,
): Promise<Reply> {
  return renderDigest(await collectDigest(deps, target, now), language);
}

export function subscriptionTarget(subscription: Subscription): DigestTarget {
  return { subscriptionId: subscription.id, orgId: subscription.orgId, timezone: subscription.timezone };
}
