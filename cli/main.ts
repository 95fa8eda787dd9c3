#!/usr/bin/env node
/** `sentinel`: the one command line for the stack, the crawlers, the pipeline and the dashboards. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { registerExtractCommand } from './extract-command.js';
import { registerFlagsCommand } from './flags-command.js';
import { registerImportCommand } from './import-command.js';
import { registerMatchCommand } from './match-command.js';
import { registerRefoldCommand } from './refold-command.js';
import { registerCrawlCommand } from './crawl-command.js';
import { registerDemoCommand } from './demo-command.js';
import { registerSearchCommand } from './search-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerRunCommand } from './run-command.js';
import { registerStackCommands } from './stack-commands.js';
import { registerUsersCommand } from './users-command.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command()
  .name('sentinel')
  .description('Disinformation monitoring for Vietnamese public-security news: crawl → claims → score → match → index → review.')
  .version(version)
  .addHelpText(
    'after',
    `\nExit codes: ${EXIT.OK} done, ${EXIT.FAILURE} unexpected failure, ${EXIT.USAGE} wrong command line or configuration, ${EXIT.SERVICE_DOWN} Kafka or Elasticsearch down, ${EXIT.BAD_INPUT} input rejected.`,
  )
  .showHelpAfterError()
  .exitOverride();

registerStackCommands(program);
registerDemoCommand(program);
registerCrawlCommand(program);
registerSearchCommand(program);
registerServeCommand(program);
registerMatchCommand(program);
registerFlagsCommand(program);
registerExtractCommand(program);
registerImportCommand(program);
registerRunCommand(program);
registerUsersCommand(program);
registerRefoldCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // commander has said why already (or printed the help or the version).
  if (!(error instanceof CommanderError)) process.stderr.write(`sentinel: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(exitCodeFor(error));
}
