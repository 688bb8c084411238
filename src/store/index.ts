export type { ContactKey, EventQuery, MessageQuery, Store, Turn, TurnRejection } from './store';
