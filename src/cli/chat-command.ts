import { randomUUID } from 'node:crypto';
import readline from 'node:readline/promises';
import { Command } from 'commander';
import type { InboundEvent } from '../core';
import { createLogger, openParley } from '../main';
import { formatFileProblem } from '../core';
import { loadCliConfig } from './load-cli-config';
import type { TerminalChoice } from './render-for-terminal';
import { renderForTerminal } from './render-for-terminal';

/**
 * `parley chat`: talk to the bot in the terminal, on the same runtime and store as the server (no
 * server needed). A number taps the matching quick reply; `/quit` leaves.
 */
export function createChatCommand(): Command {
  return new Command('chat')
    .description('chat with the bot in the terminal (same runtime and store as the server)')
    .option('-c, --contact <id>', 'contact id to chat as', 'terminal')
    .option('--nlu', 'show the NLU result of every message')
    .action(async (opts: { contact: string; nlu?: boolean }) => {
      const config = loadCliConfig({ WATCH: 'false' });
      const parley = await openParley(config, createLogger({ logLevel: 'warn' }, 2));
      const loaded = await parley.bot.reload('chat');
      if (!loaded.ok) {
        for (const p of loaded.error) console.error(formatFileProblem(p));
        await parley.close();
        process.exitCode = 1;
        return;
      }
      const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
      console.log(
        `Parley chat — you are "${opts.contact}". Type a message, a number to tap a choice, /quit to leave.`,
      );
      let choices: TerminalChoice[] = [];
      for (;;) {
        const line = (await rl.question('you> ').catch(() => '/quit')).trim();
        if (line === '/quit' || line === '/exit') break;
        if (line.length === 0) continue;
        const base = {
          channel: 'web' as const,
          contactId: opts.contact,
          messageId: `cli-${randomUUID()}`,
          timestamp: Date.now(),
        };
        const choice = /^\d+$/.test(line) ? choices[Number(line) - 1] : undefined;
        const event: InboundEvent = choice
          ? { ...base, type: 'quick_reply', payload: choice.payload, text: choice.title }
          : { ...base, type: 'text', text: line };
        const result = await parley.process(event);
        if (result.status !== 'processed') continue;
        if (opts.nlu && result.nlu) {
          const n = result.nlu;
          console.log(
            `  (nlu: ${n.intent ?? 'unmatched'} ${n.score.toFixed(2)}${n.matched ? '' : ' below threshold'})`,
          );
        }
        choices = [];
        for (const message of result.outbound) {
          const rendered = renderForTerminal(message, choices.length + 1);
          choices.push(...rendered.choices);
          for (const l of rendered.lines) console.log(`bot> ${l}`);
        }
      }
      rl.close();
      await parley.close();
    });
}
