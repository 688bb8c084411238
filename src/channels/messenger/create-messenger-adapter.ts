import type { Profile } from '../../core';
import type { ChannelAdapter } from '../channel-adapter';
import type { GraphProfile, MetaAdapterDeps } from '../meta';
import { createMetaAdapter } from '../meta';
import { renderMessenger } from './render-messenger';

/** Dependencies of {@link createMessengerAdapter}. */
export type MessengerAdapterDeps = MetaAdapterDeps;

/** The Messenger profile fields Parley asks for. */
export const MESSENGER_PROFILE_FIELDS = ['first_name', 'last_name'] as const;

/** Messenger's `first_name` / `last_name` → Parley's profile. */
export function messengerProfile(p: GraphProfile): Profile {
  return {
    ...(p.first_name ? { firstName: p.first_name.slice(0, 256) } : {}),
    ...(p.last_name ? { lastName: p.last_name.slice(0, 256) } : {}),
    ...(p.locale ? { locale: p.locale.slice(0, 32) } : {}),
  };
}

/**
 * The Messenger {@link ChannelAdapter}: renders with {@link renderMessenger}, sends through the Graph
 * client, looks profiles up (`first_name,last_name`) with a cache.
 */
export function createMessengerAdapter(deps: MessengerAdapterDeps): ChannelAdapter {
  return createMetaAdapter(
    {
      channel: 'messenger',
      render: renderMessenger,
      profileFields: MESSENGER_PROFILE_FIELDS,
      toProfile: messengerProfile,
    },
    deps,
  );
}
