export {
  createInstagramAdapter,
  instagramProfile,
  INSTAGRAM_PROFILE_FIELDS,
} from './create-instagram-adapter';
export type { InstagramAdapterDeps } from './create-instagram-adapter';
export { INSTAGRAM_TEXT_LIMIT, renderInstagram } from './render-instagram';
export type { InstagramRenderOptions } from './render-instagram';
