import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import express, { Router } from 'express';
import { z } from 'zod';
import type { Logger } from '../../core';
import { ParleyError } from '../../core';
import { parseSignedRequest } from '../../channels';
import type { Store } from '../../store';

/** Deletes a contact everywhere (store, queue, training inbox); false when there is no such contact. */
export type EraseContact = (contactId: string) => Promise<boolean>;

/** What data deletion needs. */
export interface DataDeletionDeps {
  readonly store: Store;
  /** Deletes a contact everywhere (the composition root's eraser, not the store's rows alone). */
  readonly eraseContact: EraseContact;
  readonly appSecret: string;
  readonly publicUrl: string;
  readonly now: () => number;
  readonly logger: Logger;
}

const statusSchema = z.strictObject({ u: z.string(), t: z.number(), n: z.number().int().nonnegative() });

function sign(payload: string, secret: string): string {
  return createHmac('sha256', `deletion-status:${secret}`).update(payload).digest('base64url');
}

/**
 * A confirmation code that proves itself: the deletion's time and count, signed with the app secret.
 * The status page needs no storage, and the code holds no personal data (only a hash prefix of the id).
 */
export function deletionCode(userId: string, completedAt: number, deleted: number, secret: string): string {
  const u = createHash('sha256').update(userId).digest('hex').slice(0, 12);
  const payload = Buffer.from(JSON.stringify({ u, t: completedAt, n: deleted })).toString('base64url');
  return `${payload}.${sign(payload, secret)}`;
}

/** The deletion a code stands for, or null when it was not issued by this app. */
export function readDeletionCode(code: string, secret: string): z.infer<typeof statusSchema> | null {
  const [payload, signature, extra] = code.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const parsed = statusSchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a">
<h1>${title}</h1><p>${body}</p></body></html>`;

/** Deletes every contact a platform user has (Messenger and Instagram), with their messages and events. */
async function deleteUser(store: Store, erase: EraseContact, userId: string): Promise<number> {
  let deleted = 0;
  for (const channel of ['messenger', 'instagram'] as const) {
    const contact = await store.findContact({ channel, externalId: userId });
    if (contact && (await erase(contact.id))) deleted++;
  }
  return deleted;
}

/**
 * Meta's data deletion callback: `POST /webhooks/meta/data-deletion` with a `signed_request`
 * (HMAC-SHA256 over the payload part, `algorithm` checked) deletes that user's contacts, messages,
 * attributes and events and answers `{ url, confirmation_code }`; `GET /deletion-status/:code` shows it.
 * A bad signature → 400 and nothing is deleted.
 */
export function dataDeletionRoutes(deps: DataDeletionDeps): Router {
  const router = Router();
  router.post(
    '/webhooks/meta/data-deletion',
    express.urlencoded({ extended: false, limit: '16kb' }),
    async (req, res) => {
      const body = z.object({ signed_request: z.string().min(3).max(8192) }).parse(req.body ?? {});
      const parsed = parseSignedRequest(body.signed_request, deps.appSecret);
      if (!parsed.ok) throw parsed.error;
      const deleted = await deleteUser(deps.store, deps.eraseContact, parsed.value.userId);
      const code = deletionCode(parsed.value.userId, deps.now(), deleted, deps.appSecret);
      deps.logger.info({ event: 'channel.meta.data_deleted', contacts: deleted });
      res.json({ url: `${deps.publicUrl}/deletion-status/${code}`, confirmation_code: code });
    },
  );
  router.get('/deletion-status/:code', (req, res) => {
    const status = readDeletionCode(req.params.code, deps.appSecret);
    if (!status) {
      res
        .status(404)
        .type('html')
        .send(page('Unknown request', 'We have no deletion request with this code.'));
      return;
    }
    const when = new Date(status.t).toUTCString();
    res
      .type('html')
      .send(
        page('Your data was deleted', `Completed on ${when}: ${status.n} conversation record(s) removed.`),
      );
  });
  return router;
}

/** What `DELETE /v1/contacts/:id` needs. */
export interface ContactRouteDeps {
  /** Deletes a contact everywhere (the composition root's eraser, not the store's rows alone). */
  readonly eraseContact: EraseContact;
}

/** `DELETE /v1/contacts/:id` — the same deletion for the API (204, or 404 for an unknown id). */
export function contactRoutes(deps: ContactRouteDeps): Router {
  const router = Router();
  router.delete('/contacts/:id', async (req, res) => {
    if (!(await deps.eraseContact(req.params.id))) {
      throw new ParleyError('store.not_found', `No contact ${req.params.id}`);
    }
    res.status(204).end();
  });
  return router;
}
