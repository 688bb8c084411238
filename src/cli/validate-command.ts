import { Command } from 'commander';
import { loadIntents } from '../nlu';
import { formatProblem } from './format-problem';
import { loadCliConfig } from './load-cli-config';

/** `parley validate`: checks intents (and flows) and exits non-zero on any error. */
export function createValidateCommand(): Command {
  return new Command('validate')
    .description('validate intents/ and flows/ without starting anything; exit code 1 on errors')
    .option('--intents <dir>', 'intents directory (env INTENTS_DIR)')
    .option('--flows <dir>', 'flows directory (env FLOWS_DIR)')
    .action(async (opts: { intents?: string; flows?: string }) => {
      const config = loadCliConfig({ INTENTS_DIR: opts.intents, FLOWS_DIR: opts.flows });
      const intents = await loadIntents(config.intentsDir);
      let errors = 0;
      if (!intents.ok) {
        for (const p of intents.error) {
          console.error(formatProblem(p));
          errors++;
        }
      } else {
        for (const w of intents.value.warnings) {
          console.warn(formatProblem(w, 'warning'));
        }
        console.log(`intents: ${intents.value.intents.size} intents in ${intents.value.files.length} files — ok`);
      }
      if (errors > 0) {
        console.error(`${errors} error(s)`);
        process.exitCode = 1;
      }
    });
}
