import { runCli } from './main';

// Entry for `npm run dev` (tsx runs the TypeScript directly, restarting on change).
void runCli(process.argv);
