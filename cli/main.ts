#!/usr/bin/env node
/** `sentinel`: the one command line for the stack, the crawlers, the pipeline and the dashboards. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ConfigurationError } from '../core/config.js';
import { StackError } from '../core/errors.js';
import { EXIT } from './exit-codes.js';
import { registerExtractCommand } from './extract-command.js';
import { registerFlagsCommand } from './flags-command.js';
import { registerImportCommand } from './import-command.js';
import { registerMatchCommand } from './match-command.js';
import { registerPipelineCommands } from './pipeline-commands.js';
import { registerRunCommand } from './run-command.js';
import { registerStackCommands } from './stack-commands.js';
import { registerUsersCommand } from './users-command.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command()
  .name('sentinel')
  .description('Disinformation monitoring for Vietnamese public-security news: crawl → claims → score → match → index → review.')
  .version(version)
  .addHelpText('after', `\nExit codes: ${EXIT.OK} done, ${EXIT.FAILURE} unexpected failure, ${EXIT.USAGE} wrong command line or configuration, ${EXIT.SERVICE_DOWN} Kafka or Elasticsearch down, ${EXIT.BAD_INPUT} input rejected.`)
  .showHelpAfterError()
  .exitOverride();

registerStackCommands(program);
registerPipelineCommands(program);
registerMatchCommand(program);
registerFlagsCommand(program);
registerExtractCommand(program);
registerImportCommand(program);
registerRunCommand(program);
registerUsersCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? EXIT.OK : EXIT.USAGE);
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`sentinel: ${message}\n`);
  if (error instanceof StackError) process.exit(EXIT.SERVICE_DOWN);
  if (error instanceof ConfigurationError) process.exit(EXIT.USAGE);
  process.exit(EXIT.FAILURE);
}
