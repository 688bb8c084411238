import type { Button, Card, OutboundMessage, TrackedLink } from '../core';

/** Where the links of one message came from (KPI dimensions of its clicks). */
export interface LinkOrigin {
  readonly flowId: string | null;
  readonly stepId: string | null;
  readonly variant: string | null;
}

/** What link tracking needs. */
export interface TrackLinksDeps {
  readonly contactId: string;
  readonly channel: TrackedLink['channel'];
  readonly campaign: string | null;
  /** Base of the redirect URLs, e.g. `https://bot.example.com` (no trailing slash). */
  readonly publicUrl: string;
  readonly newToken: () => string;
  readonly now: number;
}

const URL_IN_TEXT = /https?:\/\/[^\s<>"')\]]+[^\s<>"')\].,;:!?]/g;

/**
 * Replaces every URL a message sends — URL buttons, card links and card buttons, links in text — with a
 * tracked redirect `PUBLIC_URL/r/<token>`, and returns the link records to store with the turn.
 * Postback buttons and media URLs are left alone.
 */
export function trackLinks(
  message: OutboundMessage,
  origin: LinkOrigin,
  deps: TrackLinksDeps,
): { message: OutboundMessage; links: TrackedLink[] } {
  const links: TrackedLink[] = [];
  const track = (url: string): string => {
    const token = deps.newToken();
    links.push({
      token,
      url,
      contactId: deps.contactId,
      channel: deps.channel,
      flowId: origin.flowId,
      stepId: origin.stepId,
      variant: origin.variant,
      campaign: deps.campaign,
      createdAt: deps.now,
    });
    return `${deps.publicUrl}/r/${token}`;
  };
  const button = (b: Button): Button => (b.type === 'url' ? { ...b, url: track(b.url) } : b);
  const card = (c: Card): Card => ({
    ...c,
    ...(c.url ? { url: track(c.url) } : {}),
    ...(c.buttons ? { buttons: c.buttons.map(button) } : {}),
  });
  const text = (t: string): string => t.replace(URL_IN_TEXT, (url) => track(url));
  switch (message.type) {
    case 'text':
      return { message: { ...message, text: text(message.text) }, links };
    case 'buttons':
      return {
        message: { ...message, text: text(message.text), buttons: message.buttons.map(button) },
        links,
      };
    case 'carousel':
      return { message: { ...message, cards: message.cards.map(card) }, links };
    case 'media':
      return { message, links };
  }
}
