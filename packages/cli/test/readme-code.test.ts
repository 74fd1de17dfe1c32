/**
 * The READMEs' code works as written. Every ```ts block of the root README and of each package's README is
 * type-checked, with TypeScript's compiler, as a file of a user's project that installed the packages (a scratch
 * project whose node_modules link to the workspace packages and to the libraries the READMEs import); and the
 * `ivrkit` commands of the ```sh blocks that are safe to run (lint, check, coverage, paths, mermaid) are run with
 * the real CLI, in that project, beside the root README's flow saved where the commands expect it. A block may be left out with `<!-- readme-check: skip (why) -->` on the line
 * before it.
 */
import { existsSync, realpathSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from './cli-process.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const project = join(root, '.readme-check');

/** What the READMEs import besides the workspace packages, and where pnpm installed each. */
const LIBRARIES = [
  'xstate',
  '@statelyai/inspect',
  'pino',
  'express',
  '@types/express',
  'fastify',
  'hono',
  'vitest',
  '@fast-check/vitest',
  'fast-check',
  '@types/node',
];

/**
 * Names README fragments use without defining them, by README: what the surrounding prose says they are. A name
 * a block defines itself is not declared again.
 */
const PRELUDES: Record<string, string> = {
  'packages/adapter-http/README.md': `
    declare const flow: import('@ivrkit/machines').Flow;
    declare const client: import('@ivrkit/adapter-http').TeleSignClient;
    declare const store: import('@ivrkit/adapter-http').Store;
    declare const app: import('@ivrkit/adapter-http').VoiceApp;
    declare const expressApp: import('express').Express;
    declare const fastify: import('fastify').FastifyInstance;
    declare const hono: import('hono').Hono;`,
  'packages/machines/README.md': `
    declare const frontDesk: import('@ivrkit/machines').Flow;
    declare const event: import('@ivrkit/protocol').VoiceEvent;
    declare const store: { get(key: string): Promise<string | undefined>; set(key: string, value: string): Promise<void>; delete(key: string): Promise<void> };
    declare function respond(action: import('@ivrkit/protocol').VoiceAction | undefined): void;
    declare function startLookup(lookup: import('@ivrkit/machines').LookupRequest): void;
    declare function abort(id: string): void;
    declare function wakeAt(time: number): void;
    declare function send(action: import('@ivrkit/protocol').VoiceAction): void;
    declare const incomingCallEvent: import('@ivrkit/protocol').VoiceEvent;
    declare const bank: { balance(account: string, signal: AbortSignal): Promise<number> };
    declare const MENU: string;
    declare function isOpen(now: number): boolean;
    declare const client: import('@ivrkit/adapter-http').TeleSignClient;`,
  'packages/protocol/README.md': `
    declare const rawBody: string;
    declare const body: string;
    declare const customerId: string;
    declare const apiKey: string;
    declare const request: Request;`,
  'packages/softphone/README.md': `
    declare const sim: import('@ivrkit/simulator').Simulator;`,
  'packages/testing/README.md': `
    declare const bankFlow: import('@ivrkit/machines').Flow;`,
};

interface Block {
  readme: string;
  line: number;
  lang: string;
  code: string;
}

async function readmes(): Promise<string[]> {
  const packages = await readdir(join(root, 'packages'));
  const found = ['README.md'];
  for (const name of packages.sort())
    if (existsSync(join(root, 'packages', name, 'README.md'))) found.push(`packages/${name}/README.md`);
  return found;
}

/** The fenced blocks of a README, with the line each starts on; skipped ones left out. */
function blocksOf(readme: string, text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+)/.exec(lines[i] as string);
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && line.startsWith('```'));
    const skipped = /<!--\s*readme-check:\s*skip/.test(lines[i - 1] ?? '');
    if (!skipped)
      blocks.push({ readme, line: i + 1, lang: open[1] as string, code: lines.slice(i + 1, end).join('\n') });
    i = end;
  }
  return blocks;
}

/** Links a package into the scratch project's node_modules, from wherever pnpm put it. */
async function link(name: string, target: string) {
  const path = join(project, 'node_modules', name);
  await mkdir(dirname(path), { recursive: true });
  await symlink(realpathSync(target), path, 'dir');
}

async function installedAt(name: string): Promise<string> {
  const candidates = [root, ...(await readdir(join(root, 'packages'))).map((p) => join(root, 'packages', p))];
  for (const dir of candidates)
    if (existsSync(join(dir, 'node_modules', name))) return join(dir, 'node_modules', name);
  throw new Error(`readme-check: ${name} is not installed in the workspace`);
}

function declaredIn(code: string, name: string): boolean {
  return new RegExp(
    `(?:const|let|var|function|class|interface|type)\\s+${name}\\b|import\\s[^;]*?\\b${name}\\b[^;]*?\\sfrom\\s`,
  ).test(code);
}

/** A block as a module of the scratch project: a list of object properties is checked inside an object. */
function moduleOf(block: Block): string {
  const prelude = (PRELUDES[block.readme] ?? '')
    .split('\n')
    .filter((line) => {
      const name = /declare (?:const|function) (\w+)/.exec(line)?.[1];
      return name !== undefined && !declaredIn(block.code, name);
    })
    .join('\n');
  const firstCode = block.code
    .split('\n')
    .find((line) => line.trim() !== '' && !line.trim().startsWith('//'));
  const body = /^\s*[A-Za-z_$][\w$]*\s*:/.test(firstCode ?? '')
    ? "import { ask, choose, hangup, lookup, type MenuFlowSpec, menu, say, sendDtmf, transfer } from '@ivrkit/machines';\n" +
      `export const fragment: Partial<MenuFlowSpec> & Record<string, unknown> = {\n${block.code}\n};`
    : block.code;
  return `${body}\n${prelude}\nexport {};\n`;
}

const blocks: Block[] = [];
const files = new Map<string, Block>();

beforeAll(async () => {
  await rm(project, { recursive: true, force: true });
  await mkdir(project, { recursive: true });
  await writeFile(
    join(project, 'package.json'),
    '{ "name": "readme-check", "private": true, "type": "module" }\n',
  );
  for (const name of await readdir(join(root, 'packages'))) {
    const manifest = join(root, 'packages', name, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(await readFile(manifest, 'utf8')) as { name: string };
    await link(pkg.name, join(root, 'packages', name));
  }
  for (const name of LIBRARIES) await link(name, await installedAt(name));
  for (const readme of await readmes())
    blocks.push(...blocksOf(readme, await readFile(join(root, readme), 'utf8')));
  for (const block of blocks.filter((b) => b.lang === 'ts')) {
    const file = join(project, `${block.readme.replace(/[/.]/g, '_')}_${block.line}.ts`);
    await writeFile(file, moduleOf(block));
    files.set(file, block);
  }
  // The root README's flow, under each name its commands (and the testing README's) give it.
  const flow = blocks.find(
    (b) => b.readme === 'README.md' && b.lang === 'ts' && b.code.includes('defineFlow'),
  );
  if (flow) {
    await writeFile(join(project, 'front-desk.ts'), flow.code);
    await writeFile(join(project, 'flow.ts'), flow.code);
    await mkdir(join(project, 'flows'), { recursive: true });
    await writeFile(join(project, 'flows', 'front-desk.ts'), flow.code);
  }
}, 60_000);

afterAll(() => rm(project, { recursive: true, force: true }));

describe('README code', () => {
  it('type-checks every TypeScript block as user code', () => {
    expect(files.size).toBeGreaterThan(20);
    const program = ts.createProgram([...files.keys()], {
      target: ts.ScriptTarget.ES2022,
      lib: ['lib.es2023.d.ts'],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      customConditions: ['ivrkit-source'],
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      types: ['node'],
      typeRoots: [join(project, 'node_modules', '@types')],
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.has(d.file.fileName))
      .map((d) => {
        const block = files.get(d.file?.fileName as string) as Block;
        const at = d.file?.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${block.readme}, block at line ${block.line} (its line ${(at?.line ?? 0) + 1}): ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
      });
    expect(problems).toEqual([]);
  }, 180_000);

  it('names only pnpm scripts that exist', async () => {
    const manifests = new Map<string, { scripts?: Record<string, string> }>();
    manifests.set('', JSON.parse(await readFile(join(root, 'package.json'), 'utf8')));
    for (const name of await readdir(join(root, 'packages'))) {
      const path = join(root, 'packages', name, 'package.json');
      if (!existsSync(path)) continue;
      const manifest = JSON.parse(await readFile(path, 'utf8')) as {
        name: string;
        scripts?: Record<string, string>;
      };
      manifests.set(manifest.name, manifest);
    }
    const BUILTIN = new Set(['add', 'install', 'i', 'exec', 'dlx', 'run', 'test']);
    const missing: string[] = [];
    for (const block of blocks.filter((b) => b.lang === 'sh')) {
      for (const match of block.code.matchAll(
        /(?:^|&&\s*|\n)\s*(?:\S+=\S+\s+)*pnpm\s+(?:--filter\s+(\S+)\s+)?([\w:-]+)/g,
      )) {
        const [, filter, script] = match as unknown as [string, string | undefined, string];
        if (script.startsWith('-') || (filter === undefined && BUILTIN.has(script))) continue;
        const scripts = manifests.get(filter ?? '')?.scripts ?? {};
        const isBin = filter === undefined && existsSync(join(root, 'node_modules', '.bin', script));
        if (!(script in scripts) && !isBin)
          missing.push(`${block.readme}:${block.line} pnpm ${filter ? `--filter ${filter} ` : ''}${script}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('runs the ivrkit commands of the shell blocks that are safe in a test', async () => {
    const commands = blocks
      .filter((b) => b.lang === 'sh')
      .flatMap((b) =>
        b.code.split('\n').map((line) => ({ block: b, line: line.replace(/\s+#.*$/, '').trim() })),
      )
      .filter(({ line }) => /^(?:npx |pnpm )?ivrkit (?:lint|check|coverage|paths|mermaid)\b/.test(line))
      .filter(({ line }) => !/[>|]|--out\b/.test(line));
    expect(commands.length).toBeGreaterThanOrEqual(4);
    const failures: string[] = [];
    for (const { block, line } of commands) {
      const run = startCli(line.replace(/^(?:npx |pnpm )?ivrkit /, '').split(/\s+/), { cwd: project });
      const code = await run.exited;
      // 0, or 1 for findings about the flow (whether a flow is clean is tested beside it, e.g. readme-flow.test.ts):
      // what must not happen is a usage or load error (2), a crash, or a stack trace.
      if ((code !== 0 && code !== 1) || /^\s+at /m.test(run.stderr()) || run.stdout().trim() === '')
        failures.push(`${block.readme}:${block.line} \`${line}\` exited ${code}: ${run.stderr()}`);
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
