import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError } from './api-client';
import { defaultOperator, EXIT } from './cli-context';
import { flowCommands } from './commands/flow-commands';
import { keyCommands, whoamiCommand } from './commands/key-commands';
import { runCommands } from './commands/run-commands';
import { scheduleCommands } from './commands/schedule-commands';

const program = new Command('weft')
  .description(
    'Operate Weft: publish flows, start runs, watch them, and pause, resume, skip, retry, approve or cancel them',
  )
  .version((JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version)
  .option('--api <url>', 'the Weft API (env WEFT_API_URL)', process.env.WEFT_API_URL ?? 'http://localhost:3000')
  .option('--api-key <key>', 'the API key, sent as a Bearer token (env WEFT_API_KEY)')
  .option('--json', 'print JSON for scripts instead of tables')
  .option(
    '--by <name>',
    'who you are, for the audit trail when the API runs with auth off; with a key, the key is who you are (env WEFT_USER)',
    defaultOperator(),
  )
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .addCommand(flowCommands())
  .addCommand(runCommands())
  .addCommand(scheduleCommands())
  .addCommand(keyCommands())
  .addCommand(whoamiCommand());

// Commands built apart and added do not inherit these settings.
const configure = (command: Command): void => {
  command.exitOverride().showHelpAfterError('(run with --help for usage)');
  command.commands.forEach(configure);
};
program.commands.forEach(configure);

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    process.exitCode = report(err);
  }
}

function report(err: unknown): number {
  if (err instanceof CommanderError) {
    // Help and version end here too, with exit code 0.
    return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (err instanceof ApiError) {
    process.stderr.write(`error: ${err.message}\n${err.issues.map((i) => `  ${i.path}: ${i.message}\n`).join('')}`);
    return EXIT.failed;
  }
  process.stderr.write(`error: ${(err as Error).stack ?? String(err)}\n`);
  return EXIT.failed;
}

void main();
