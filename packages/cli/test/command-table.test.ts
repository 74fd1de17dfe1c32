import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/command-table.js';
import { runCli } from './cli-process.js';

const commandsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'commands');

describe('the static command table', () => {
  it('lists every command file, and each summary is its command’s own', async () => {
    const files = readdirSync(commandsDir)
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.slice(0, -'.ts'.length));
    expect(Object.keys(COMMANDS).sort()).toEqual(files.sort());
    for (const [name, entry] of Object.entries(COMMANDS)) {
      const command = (await entry.load()).default;
      expect(command.summary, name).toBe(entry.summary);
      expect(command.usage, name).toMatch(new RegExp(`^Usage: ivrkit ${name}\\b`));
    }
  }, 30_000);

  it('ivrkit help lists the commands, help <command> prints its usage, --version the version', async () => {
    const help = await runCli(['help']);
    expect(help.code).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(help.stdout).toMatch(new RegExp(`^ {2}${name} `, 'm'));
    const sim = await runCli(['help', 'sim']);
    expect(sim.stdout).toMatch(/^Usage: ivrkit sim/);
    const manifest = JSON.parse(readFileSync(join(commandsDir, '..', '..', 'package.json'), 'utf8'));
    expect((await runCli(['--version'])).stdout.trim()).toBe(manifest.version);
    const unknown = await runCli(['bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command "bogus"');
  }, 60_000);
});
