import { z } from 'zod';

/** The channels Parley speaks on. */
export const channelSchema = z.enum(['web', 'messenger', 'instagram']);
/** A channel name. */
export type Channel = z.infer<typeof channelSchema>;
