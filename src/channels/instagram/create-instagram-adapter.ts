import type { Profile } from '../../core';
import type { ChannelAdapter } from '../channel-adapter';
import type { GraphProfile, MetaAdapterDeps } from '../meta';
import { createMetaAdapter } from '../meta';
import type { InstagramRenderOptions } from './render-instagram';
import { renderInstagram } from './render-instagram';

/** Dependencies of {@link createInstagramAdapter}. */
export interface InstagramAdapterDeps extends MetaAdapterDeps {
  readonly render?: InstagramRenderOptions;
}

/** The Instagram profile fields Parley asks for. */
export const INSTAGRAM_PROFILE_FIELDS = ['name', 'username'] as const;

/**
 * Instagram's `name` / `username` → Parley's profile: the first word of `name` is the first name, the
 * rest the last name; without a name, the username stands in as the first name (it is what the user shows).
 */
export function instagramProfile(p: GraphProfile): Profile {
  const name = p.name?.trim();
  if (name) {
    const [first = name, ...rest] = name.split(/\s+/);
    const last = rest.join(' ');
    return { firstName: first.slice(0, 256), ...(last ? { lastName: last.slice(0, 256) } : {}) };
  }
  return p.username ? { firstName: p.username.slice(0, 256) } : {};
}

/**
 * The Instagram {@link ChannelAdapter}: renders with {@link renderInstagram} (fallbacks per
 * `deps.render`), sends through the Graph client, looks profiles up (`name,username`) with a cache.
 */
export function createInstagramAdapter(deps: InstagramAdapterDeps): ChannelAdapter {
  const options = deps.render ?? {};
  return createMetaAdapter(
    {
      channel: 'instagram',
      render: (message) => renderInstagram(message, options),
      profileFields: INSTAGRAM_PROFILE_FIELDS,
      toProfile: instagramProfile,
    },
    deps,
  );
}
