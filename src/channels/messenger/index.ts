export {
  createMessengerAdapter,
  messengerProfile,
  MESSENGER_PROFILE_FIELDS,
} from './create-messenger-adapter';
export type { MessengerAdapterDeps } from './create-messenger-adapter';
export { renderMessenger } from './render-messenger';
