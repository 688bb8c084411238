export { BODY_LIMIT, createApp } from './create-app';
export type { AppDeps } from './create-app';
export type { ErrorBody } from './middleware/errors';
export { createRequestListener } from './request-listener';
export type { EraseContact } from './routes/data-deletion-routes';
