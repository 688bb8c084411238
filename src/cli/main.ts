import { Command } from 'commander';
import { createChatCommand } from './chat-command';
import { createEvalCommand } from './eval-command';
import { createExportCommand } from './export-command';
import { createImportCommand } from './import-command';
import { createInboxCommand } from './inbox-command';
import { createServeCommand } from './serve-command';
import { createSimulateCommand } from './simulate-command';
import { createTrainCommand } from './train-command';
import { createValidateCommand } from './validate-command';
import { createWorkerCommand } from './worker-command';

/** Builds the `parley` command line. */
export function createProgram(): Command {
  return new Command('parley')
    .description('Parley — a conversation engine for conversational-marketing chatbots')
    .version('0.1.0')
    .addCommand(createServeCommand())
    .addCommand(createWorkerCommand())
    .addCommand(createChatCommand())
    .addCommand(createValidateCommand())
    .addCommand(createEvalCommand())
    .addCommand(createInboxCommand())
    .addCommand(createExportCommand())
    .addCommand(createImportCommand())
    .addCommand(createSimulateCommand())
    .addCommand(createTrainCommand());
}

/** Runs the command line; errors print their message and set a non-zero exit code. */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await createProgram().parseAsync([...argv]);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
