/**
 * `ivrkit <command> [options]`: looks the command up in the static table ({@link COMMANDS}) and loads only that
 * one. `ivrkit help` and `ivrkit --version` load none.
 *
 * @module
 */
import { runCommand, takeDebugFlag } from './cli-errors.js';
import { keepRunningWhenOutputCloses } from './closed-output.js';
import { COMMANDS } from './command-table.js';
import { cliVersion } from './version.js';

function printHelp(): void {
  const lines = ['Usage: ivrkit <command> [options]', '', 'Commands:'];
  for (const [name, entry] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${entry.summary}`);
  lines.push('', 'Run "ivrkit help <command>" for its options; "ivrkit --version" for the version.');
  console.log(lines.join('\n'));
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--version' || name === '-v' || name === 'version') {
    console.log(cliVersion());
    return 0;
  }
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = args[0];
    const entry = topic === undefined ? undefined : COMMANDS[topic];
    if (topic !== undefined && !entry) {
      console.error(`ivrkit: unknown command "${topic}". Run "ivrkit help" for the list.`);
      return 2;
    }
    if (entry) console.log((await entry.load()).default.usage);
    else printHelp();
    return 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    console.error(`ivrkit: unknown command "${name}". Run "ivrkit help" for the list.`);
    return 2;
  }
  return runCommand(name, (await entry.load()).default, args);
}

keepRunningWhenOutputCloses();
main(takeDebugFlag(process.argv.slice(2))).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  },
);
