import { normalizeUtterance } from '../nlu';
import type { Store } from '../store';
import { scanNluMessages } from './scan-nlu-messages';

/**
 * The training-inbox keys (normalised texts) of everything a contact wrote that went to the matcher:
 * the decisions to remove when the contact is deleted, so the inbox keeps none of their texts.
 */
export async function contactInboxKeys(
  store: Pick<Store, 'listMessages'>,
  contactId: string,
): Promise<string[]> {
  const keys = new Set<string>();
  await scanNluMessages(store, { contactId }, (m) => {
    if (m.text === null) return;
    const key = normalizeUtterance(m.text);
    if (key !== '') keys.add(key);
  });
  return [...keys];
}
