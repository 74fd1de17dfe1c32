/**
 * `ivrkit init <dir>`: writes a starter project — a flow, its vitest file, a Node server, a package.json and a
 * README — into a new or empty directory.
 *
 * @module
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseFlags } from '../args.js';
import { type Command, UsageError } from '../command.js';
import { starterFiles } from '../init/starter-files.js';
import { cliVersion } from '../version.js';

const usage = `Usage: ivrkit init <dir>

Creates a starter project in <dir> (new, or empty): src/flow.ts, test/flow.test.ts (lintFlow, assertFlow,
coverage), src/server.ts (the flow as a webhook server), package.json, tsconfig.json and a README. Then:

  cd <dir> && npm install && npm test`;

/** An npm-safe package name from a directory name (`My IVR` → `my-ivr`). */
function packageNameOf(dir: string): string {
  const name = basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '');
  return name === '' ? 'my-ivr' : name;
}

const command: Command = {
  summary: 'create a starter project: a flow, its tests, a server and a README',
  usage,
  async run(args) {
    const { positionals } = parseFlags(args, {}, true);
    const [dir, ...extra] = positionals;
    if (dir === undefined) throw new UsageError('missing <dir>, e.g. ivrkit init my-ivr');
    if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
    const root = resolve(dir);
    if (existsSync(root) && readdirSync(root).length > 0) {
      console.error(`ivrkit init: ${dir} is not empty; give a new or empty directory.`);
      return 2;
    }
    const files = starterFiles({ name: packageNameOf(dir), version: cliVersion() });
    for (const [path, text] of Object.entries(files)) {
      const file = join(root, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    const shown = relative(process.cwd(), root) || '.';
    console.log(`Created a starter in ${shown}: ${Object.keys(files).join(', ')}`);
    console.log(
      `\nNext:\n  cd ${shown} && npm install && npm test\n  npm start   # call it from a browser softphone`,
    );
    return 0;
  },
};

export default command;
