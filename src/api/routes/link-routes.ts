import { Router } from 'express';
import type { TrackedLink } from '../../core';
import { addUtm } from '../../flows';
import { completeEvent } from '../../runtime';
import type { Store } from '../../store';

/** What the tracked-link route needs. */
export interface LinkRouteDeps {
  readonly store: Store;
  readonly now: () => number;
  readonly newId: () => string;
}

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

const NOT_FOUND_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Link not found</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a">
<h1>This link is not valid</h1><p>It may have been mistyped or it has expired. Please go back to the chat and try again.</p>
</body></html>`;

/** The destination of a click: the link's URL with the UTM parameters of its channel, campaign and step. */
export function clickDestination(link: TrackedLink): string {
  const content = link.stepId ? `${link.stepId}${link.variant ? `-${link.variant}` : ''}` : undefined;
  return addUtm(link.url, {
    source: 'parley',
    medium: link.channel,
    campaign: link.campaign ?? link.flowId ?? 'parley',
    ...(content ? { content } : {}),
  });
}

/**
 * `GET /r/:token` — a tracked link: logs one `link_clicked` event (contact, flow, step, variant,
 * campaign) and redirects (302) to the URL with `utm_*` added. An unknown token → a 404 page, nothing logged.
 */
export function linkRoutes(deps: LinkRouteDeps): Router {
  const router = Router();
  router.get('/r/:token', async (req, res) => {
    const token = req.params.token;
    const link = TOKEN.test(token) ? await deps.store.getLink(token) : null;
    if (!link) {
      res.status(404).type('html').send(NOT_FOUND_PAGE);
      return;
    }
    const { flowId, stepId, campaign, variant } = link;
    const event = completeEvent(
      { type: 'link_clicked', flowId, stepId, campaign, variant, data: { token, url: link.url } },
      { id: link.contactId, channel: link.channel },
      deps.now(),
      deps.newId,
    );
    await deps.store.appendEvents([event]);
    res.set('Cache-Control', 'no-store').redirect(302, clickDestination(link));
  });
  return router;
}
