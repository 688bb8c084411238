import { Command } from 'commander';
import { validateBotFiles } from '../bot';
import { formatFileProblem } from '../core';
import { loadCliConfig } from './load-cli-config';

/** `parley validate`: checks intents and flows together and exits non-zero on any error. */
export function createValidateCommand(): Command {
  return new Command('validate')
    .description('validate intents/ and flows/ together without starting anything; exit code 1 on errors')
    .option('--intents <dir>', 'intents directory (env INTENTS_DIR)')
    .option('--flows <dir>', 'flows directory (env FLOWS_DIR)')
    .action(async (opts: { intents?: string; flows?: string }) => {
      const config = loadCliConfig({ INTENTS_DIR: opts.intents, FLOWS_DIR: opts.flows });
      const report = await validateBotFiles(config);
      for (const w of report.warnings) console.warn(`warning ${formatFileProblem(w)}`);
      for (const p of report.problems) console.error(`error ${formatFileProblem(p)}`);
      if (report.problems.length > 0) {
        console.error(`${report.problems.length} error(s), ${report.warnings.length} warning(s)`);
        process.exitCode = 1;
        return;
      }
      console.log(
        `ok: ${report.intents} intents, ${report.flows} flows, ${report.warnings.length} warning(s)`,
      );
    });
}
