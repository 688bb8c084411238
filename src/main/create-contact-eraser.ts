import type { Logger } from 'pino';
import type { EraseContact } from '../api';
import { contactKey } from '../core';
import type { JobQueue } from '../queue';
import type { Store } from '../store';
import { contactInboxKeys } from '../training';

/**
 * Contact deletion (GDPR, Meta's data deletion callback, `DELETE /v1/contacts/:id`) across everything
 * that holds the contact's data: the training-inbox decisions about texts they wrote, their jobs that
 * have not started in the queue (in-process or BullMQ), then the contact with its messages, events,
 * attributes, links and list memberships (one store transaction). In that order, so a crash midway
 * leaves the contact's rows in place and a retry finds the same texts and jobs. Aggregated KPI counts
 * stay. No process keeps profiles in memory (the Meta adapters cache only failed lookups).
 */
export function createContactEraser(deps: {
  readonly store: Store;
  readonly queue: JobQueue;
  readonly logger: Logger;
}): EraseContact {
  return async (contactId) => {
    const contact = await deps.store.getContact(contactId);
    if (!contact) return false;
    const decisions = await deps.store.deleteInboxDecisions(await contactInboxKeys(deps.store, contactId));
    const jobs = await deps.queue.removePending(contactKey(contact.channel, contact.externalId));
    const deleted = await deps.store.deleteContact(contactId);
    deps.logger.info({ event: 'contact.deleted', channel: contact.channel, decisions, jobs });
    return deleted;
  };
}
