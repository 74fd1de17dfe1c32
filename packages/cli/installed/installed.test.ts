/**
 * ivrkit as a user gets it: build, pack every public package with `pnpm pack` (as publishing would), lint the
 * tarballs (publint, arethetypeswrong), install them with **npm** into a fresh project outside the workspace and
 * use them there with plain `node`, `tsc`, vitest and the `ivrkit` bin — no pnpm, no tsx of ours, no source
 * condition. npm reaches the registry for third-party dependencies.
 *
 * Run with `pnpm test:installed` (its own vitest config: minutes, and network).
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, requireRedisServer, startRedisServer } from '../../redis/src/testing.js';
import { REPO, run, start } from './processes.js';

/** Third-party versions the user's project adds, the pins of the repository's toolchain. */
const USER_TOOLS = ['typescript@5.9.3', 'vitest@4.1.12', '@types/node@20.19.43'];
/** The CLI's optional peer dependencies as a user adds them (the inspector at the version the CLI is tested with). */
const INSPECTOR = '@statelyai/inspect@0.7.2';
/** The CLI's install without its optional peers, in MB of file contents; it was 21 MB with them (30 MB on disk). */
const CLI_SIZE_BUDGET_MB = 12;

const work = mkdtempSync(join(tmpdir(), 'ivrkit-installed-'));
const tarballDir = join(work, 'tarballs');
const project = join(work, 'project');
let tarballs: string[] = [];
const bin = (name: string) => join(project, 'node_modules', '.bin', name);
const ivrkit = (args: string[], cwd = project) => run(bin('ivrkit'), args, cwd);
/** Every tarball but `@ivrkit/redis`, an optional peer dependency of the CLI, installed later by its own test. */
const withoutRedis = () => tarballs.filter((file) => !file.includes('ivrkit-redis-'));
const redisTarball = () => tarballs.filter((file) => file.includes('ivrkit-redis-'));

/** The size of a directory's files in MB (their contents, not the blocks they take). */
function sizeMb(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) bytes += statSync(join(entry.parentPath, entry.name)).size;
  }
  return bytes / 1e6;
}

/** The workspace's private packages (never published, so never packed). */
function privatePackages(): string[] {
  return readdirSync(join(REPO, 'packages'))
    .map((dir) => JSON.parse(readFileSync(join(REPO, 'packages', dir, 'package.json'), 'utf8')))
    .filter((manifest) => manifest.private === true)
    .map((manifest) => manifest.name as string);
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  // The repository's own tools build and pack (the build runs again in each package's prepack, a no-op by then).
  const repoEnv = { ...process.env };
  await run('pnpm', ['build'], REPO, repoEnv);
  const skipPrivate = privatePackages().flatMap((name) => ['--filter', `!${name}`]);
  await run('pnpm', ['-r', ...skipPrivate, 'pack', '--pack-destination', tarballDir], REPO, repoEnv);
  tarballs = readdirSync(tarballDir)
    .filter((file) => file.endsWith('.tgz'))
    .map((file) => join(tarballDir, file));
  mkdirSync(project);
  cpSync(join(import.meta.dirname, 'fixture'), project, { recursive: true });
  await run('npm', ['init', '-y'], project);
  await run('npm', ['pkg', 'set', 'type=module'], project);
  await run('npm', ['install', '--no-audit', '--no-fund', ...withoutRedis(), ...USER_TOOLS], project);
}, 600_000);

describe('the packed tarballs', () => {
  it('are every public package, with workspace ranges turned into versions', () => {
    const names = tarballs.map((file) => file.slice(tarballDir.length + 1)).sort();
    expect(names).toEqual(
      ['adapter-http', 'cli', 'machines', 'protocol', 'redis', 'simulator', 'softphone', 'testing'].map(
        (name) => `ivrkit-${name}-0.1.0.tgz`,
      ),
    );
    const cli = JSON.parse(readFileSync(join(project, 'node_modules/@ivrkit/cli/package.json'), 'utf8'));
    expect(Object.values(cli.dependencies).join(' ')).not.toContain('workspace:');
    expect(cli.dependencies).not.toHaveProperty('vite');
  });

  it('pass publint and arethetypeswrong (ESM only: the CommonJS resolutions are ignored)', async () => {
    const lint = async (tarball: string) => {
      await run(join(REPO, 'node_modules/.bin/publint'), ['--strict', tarball], work, process.env);
      await run(
        join(REPO, 'node_modules/.bin/attw'),
        [tarball, '--profile', 'esm-only', '--format', 'table-flipped'],
        work,
        process.env,
      );
    };
    await Promise.all(tarballs.map(lint));
  }, 180_000);
});

describe('installed with npm in a fresh project', () => {
  it('imports every entry point of every package with plain node', async () => {
    const specifiers: string[] = [];
    for (const dir of readdirSync(join(project, 'node_modules/@ivrkit'))) {
      const manifest = JSON.parse(
        readFileSync(join(project, 'node_modules/@ivrkit', dir, 'package.json'), 'utf8'),
      );
      for (const entry of Object.keys(manifest.exports)) specifiers.push(`${manifest.name}${entry.slice(1)}`);
    }
    expect(specifiers.length).toBeGreaterThanOrEqual(15);
    const script = `for (const s of ${JSON.stringify(specifiers)}) { const m = await import(s); console.log(s, Object.keys(m).length); }`;
    const { stdout } = await run('node', ['--input-type=module', '-e', script], project);
    for (const specifier of specifiers) expect(stdout).toMatch(new RegExp(`^${specifier} [1-9]`, 'm'));
  }, 60_000);

  it('type-checks a user’s flow and server with tsc', async () => {
    await run(bin('tsc'), ['-p', 'tsconfig.json'], project);
  }, 120_000);

  it('ivrkit --version, lint, check --runs 50 and coverage work on the .ts flow', async () => {
    expect((await ivrkit(['--version'])).stdout.trim()).toBe('0.1.0');
    expect((await ivrkit(['lint', './front-desk.ts'])).stdout).toContain('front-desk');
    expect((await ivrkit(['check', './front-desk.ts', '--runs', '50', '--seed', '1'])).stdout).toMatch(
      /50 cases/,
    );
    expect((await ivrkit(['coverage', './front-desk.ts'])).stdout).toMatch(/transitions/i);
  }, 180_000);

  it('runs a vitest file using assertFlow, lintFlow and measureCoverage', async () => {
    const { stdout } = await run(bin('vitest'), ['run', 'flow.test.ts'], project);
    expect(stdout).toMatch(/3 passed/);
  }, 180_000);

  it('ivrkit sim and ivrkit serve ./flow.ts --sim answer a scripted call to the end', async () => {
    const sim = start(bin('ivrkit'), ['sim', '--port', '0'], project);
    const serve = (url: string) =>
      start(
        bin('ivrkit'),
        ['serve', './front-desk.ts', '--sim', url, '--port', '0', '--data', 'serve-data'],
        project,
      );
    let server: ReturnType<typeof serve> | undefined;
    try {
      const [, url] = await sim.waitFor(/listening on (http:\/\/\S+)/);
      server = serve(url as string);
      await server.waitFor(/event socket {8}connected/);
      const call = await ivrkit(['call', '--sim', url as string, '--to', '15555551212', '--press', '1']);
      expect(call.stdout).toContain('We are open nine to five');
      expect(call.stdout).toMatch(/Ended after [\d.]+ s: hangup/);
      await server.waitFor(/call \S+ ended: hangup · inbound/);
    } finally {
      server?.child.kill('SIGINT');
      sim.child.kill('SIGINT');
    }
    expect((await sim.exited).code).toBe(0);
    expect((await server?.exited)?.code).toBe(0);
  }, 120_000);

  it('ivrkit demo --once serves the prebuilt softphone page and completes its scripted call', async () => {
    const { stdout } = await ivrkit(['demo', '--once', '--speed', '20', '--data', 'demo-data']);
    expect(stdout).toMatch(/Ended after [\d.]+ s: hangup/);
  }, 120_000);

  it('ivrkit init writes a starter whose npm test passes', async () => {
    await ivrkit(['init', 'starter']);
    const starter = join(project, 'starter');
    // The ivrkit packages come from the tarballs (they are not on the registry), the rest from the registry.
    await run('npm', ['install', '--no-audit', '--no-fund', ...tarballs], starter);
    const { stdout } = await run('npm', ['test'], starter);
    expect(stdout).toMatch(/3 passed/);
  }, 300_000);
});

describe('the CLI’s optional peer dependencies (@ivrkit/redis, @statelyai/inspect)', () => {
  it('are not installed with it, and the CLI alone stays within its size budget', async () => {
    expect(existsSync(join(project, 'node_modules/@ivrkit/redis'))).toBe(false);
    expect(existsSync(join(project, 'node_modules/@statelyai/inspect'))).toBe(false);
    const alone = join(work, 'cli-alone');
    mkdirSync(alone);
    await run('npm', ['init', '-y'], alone);
    await run('npm', ['install', '--no-audit', '--no-fund', ...withoutRedis()], alone);
    const mb = sizeMb(join(alone, 'node_modules'));
    console.log(`installed size of @ivrkit/cli and its dependencies: ${mb.toFixed(1)} MB`);
    expect(mb).toBeLessThan(CLI_SIZE_BUDGET_MB);
  }, 180_000);

  it('when missing, --store redis:// and --inspect stop at once with one line saying what to install (exit 2)', async () => {
    const serve = (extra: string[]) =>
      start(
        bin('ivrkit'),
        ['serve', './front-desk.ts', '--sim', 'http://127.0.0.1:9', '--port', '0', ...extra],
        project,
      ).exited;
    const redis = await serve(['--store', 'redis://127.0.0.1:6379']);
    expect(redis.code).toBe(2);
    expect(redis.stderr.trim()).toBe(
      'ivrkit serve: --store redis://… needs @ivrkit/redis, which is not installed: run npm install @ivrkit/redis',
    );
    const inspect = await serve(['--inspect']);
    expect(inspect.code).toBe(2);
    expect(inspect.stderr.trim()).toBe(
      'ivrkit serve: --inspect needs @statelyai/inspect, which is not installed: run npm install @statelyai/inspect',
    );
  }, 60_000);

  describe.runIf(requireRedisServer())('once installed', () => {
    let redis: RedisServer | undefined;
    afterAll(async () => redis?.stop());

    it('load with plain node, and ivrkit serve --store redis:// --inspect answers a call to the end', async () => {
      await run('npm', ['install', '--no-audit', '--no-fund', ...redisTarball(), INSPECTOR], project);
      const script =
        'for (const s of ["@ivrkit/redis", "@ivrkit/redis/testing", "@statelyai/inspect"]) await import(s);';
      await run('node', ['--input-type=module', '-e', script], project);
      redis = await startRedisServer();
      const sim = start(bin('ivrkit'), ['sim', '--port', '0'], project);
      let server: ReturnType<typeof start> | undefined;
      try {
        const [, url] = await sim.waitFor(/listening on (http:\/\/\S+)/);
        server = start(
          bin('ivrkit'),
          [
            'serve',
            './front-desk.ts',
            '--sim',
            url as string,
            '--port',
            '0',
            '--store',
            redis.url,
            '--inspect',
          ],
          project,
        );
        await server.waitFor(/event socket {8}connected/);
        expect(server.output()).toMatch(/inspector {11}ws:\/\/127\.0\.0\.1:8080/);
        expect(server.output()).toContain(`state               ${redis.url}`);
        const call = await ivrkit(['call', '--sim', url as string, '--to', '15555551212', '--press', '1']);
        expect(call.stdout).toMatch(/Ended after [\d.]+ s: hangup/);
        await server.waitFor(/call \S+ ended: hangup · inbound/);
      } finally {
        server?.child.kill('SIGINT');
        sim.child.kill('SIGINT');
      }
      expect((await sim.exited).code).toBe(0);
      expect((await server?.exited)?.code).toBe(0);
    }, 120_000);
  });
});
