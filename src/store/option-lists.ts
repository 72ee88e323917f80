import { createHash } from 'node:crypto';
import type { Option } from '../core/reply.js';
import type { Store } from './database.js';

/**
 * Long option lists that a message searches on demand instead of carrying (a Teams card holds
 * about 28 KB; 419 time zones alone take more than 20). Lists are addressed by a hash of their
 * content, so saving is idempotent and any replica can answer a search.
 */
export function optionListId(options: readonly Option[]): string {
  const canonical = JSON.stringify(options.map((o) => [o.value, o.label]));
  return createHash('sha256').update(canonical).digest('hex').slice(0, 24);
}

export async function saveOptionList(
  store: Store,
  id: string,
  options: readonly Option[],
  now: Date = new Date(),
): Promise<void> {
  await store.db
    .insertInto('option_lists')
    .values({
      id,
      options: JSON.stringify(options.map((o) => ({ value: o.value, label: o.label }))),
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export async function loadOptionList(store: Store, id: string): Promise<Option[] | undefined> {
  const row = await store.db
    .selectFrom('option_lists')
    .select('options')
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? (JSON.parse(row.options) as Option[]) : undefined;
}
