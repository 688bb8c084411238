export { createBotReloader } from './create-bot-reloader';
export type { BotReloader, BotReloaderOptions } from './create-bot-reloader';
export { loadBot, validateBotFiles } from './load-bot';
export type { BotLoadOptions, BotProblem, LoadedBot } from './load-bot';
