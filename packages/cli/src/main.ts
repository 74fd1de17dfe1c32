/**
 * `ivrkit <command> [options]` — dispatches to `src/commands/<command>.ts`.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { keepRunningWhenOutputCloses } from './closed-output.js';
import type { Command } from './command.js';
import { UsageError } from './command.js';

const COMMANDS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'commands');

/** The commands there are: one file each in `src/commands/`, found at run time so each loads only when used. */
function commandNames(): string[] {
  return readdirSync(COMMANDS_DIR)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => file.slice(0, -'.ts'.length))
    .sort();
}

async function loadCommand(name: string): Promise<Command | undefined> {
  if (!commandNames().includes(name)) return undefined;
  const module = (await import(`./commands/${name}.js`)) as { default: Command };
  return module.default;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const target = args[0] === undefined ? undefined : await loadCommand(args[0]);
    if (target) {
      console.log(target.usage);
      return 0;
    }
    console.log('Usage: ivrkit <command> [options]\n\nCommands:');
    for (const commandName of commandNames()) {
      const command = await loadCommand(commandName);
      console.log(`  ${commandName.padEnd(10)} ${command?.summary ?? ''}`);
    }
    console.log('\nRun "ivrkit help <command>" for its options.');
    return 0;
  }
  const command = await loadCommand(name);
  if (!command) {
    console.error(`ivrkit: unknown command "${name}". Run "ivrkit help" for the list.`);
    return 2;
  }
  try {
    return await command.run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`ivrkit ${name}: ${error.message}\n\n${command.usage}`);
      return 2;
    }
    throw error;
  }
}

keepRunningWhenOutputCloses();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  },
);
