import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PATHS } from '@ivrkit/protocol';
import { connectRedis, createRedisStore } from '@ivrkit/redis';
import { type RedisServer, requireRedisServer, startRedisServer } from '@ivrkit/redis/testing';
import { createSimulator, type Simulator } from '@ivrkit/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driveCall } from '../src/call-driver.js';
import { type Host, simulatorSocket, startHost } from '../src/demo/host-server.js';
import { createSimClient } from '../src/sim-client.js';
import { describeStore, openStore, parseStoreUrl, storeSpecOf } from '../src/store-url.js';
import { runCli, startCli } from './cli-process.js';

describe('store URLs', () => {
  it('reads each kind', () => {
    expect(parseStoreUrl('memory:')).toEqual({ kind: 'memory' });
    expect(parseStoreUrl('file:data/x', '/srv')).toEqual({ kind: 'file', dir: '/srv/data/x' });
    expect(parseStoreUrl('file:/var/ivrkit', '/srv')).toEqual({ kind: 'file', dir: '/var/ivrkit' });
    expect(parseStoreUrl('file:///var/ivrkit', '/srv')).toEqual({ kind: 'file', dir: '/var/ivrkit' });
    expect(parseStoreUrl('redis://10.0.0.5:6380/2')).toEqual({
      kind: 'redis',
      url: 'redis://10.0.0.5:6380/2',
      prefix: 'ivrkit:',
      leaseMs: 10_000,
    });
    expect(parseStoreUrl('rediss://:secret@cache.example.com?prefix=bank:prod:&lease=2000')).toEqual({
      kind: 'redis',
      url: 'rediss://:secret@cache.example.com',
      prefix: 'bank:prod:',
      leaseMs: 2_000,
    });
  });

  it('says what is wrong with a bad one', () => {
    const message = (text: string) => {
      try {
        parseStoreUrl(text);
      } catch (error) {
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(message('postgres://db/ivrkit')).toMatch(/unknown kind of store "postgres:".*expected redis:\/\//);
    expect(message('/var/data')).toMatch(/not a URL/);
    expect(message('file:')).toMatch(/file: needs a directory/);
    expect(message('memory:x')).toMatch(/takes nothing after the colon/);
    expect(message('redis://host/abc')).toMatch(/the database is a number/);
    expect(message('redis://host?prefix={x}')).toMatch(/may not contain/);
    expect(message('redis://host?db=2')).toMatch(/unknown option "db"/);
    expect(message('redis://host?lease=5s')).toMatch(/\?lease= is in ms/);
  });

  it('takes --store, else --data, else IVRKIT_STORE, else the file store', () => {
    const env = { IVRKIT_STORE: 'memory:' };
    expect(storeSpecOf({ store: 'redis://h:1' }, env, 'd', '/w')).toMatchObject({ kind: 'redis' });
    expect(storeSpecOf({ data: 'mine' }, env, 'd', '/w')).toEqual({ kind: 'file', dir: '/w/mine' });
    expect(storeSpecOf({}, env, 'd', '/w')).toEqual({ kind: 'memory' });
    expect(storeSpecOf({}, {}, 'd', '/w')).toEqual({ kind: 'file', dir: '/w/d' });
    expect(() => storeSpecOf({ store: 'memory:', data: 'x' }, {}, 'd')).toThrow(/give one/);
    expect(() => storeSpecOf({}, { IVRKIT_STORE: 'nope' }, 'd')).toThrow(/^IVRKIT_STORE: not a URL/);
  });

  it('hides a password when describing a store', () => {
    expect(describeStore(parseStoreUrl('redis://u:secret@h:1/0'))).toBe(
      'redis://u:***@h:1/0 (keys ivrkit:*)',
    );
  });

  it('explains an unreachable Redis', async () => {
    await expect(openStore(parseStoreUrl('redis://127.0.0.1:9'))).rejects.toThrow(
      /cannot connect to redis:\/\/127\.0\.0\.1:9/,
    );
  });
});

describe.runIf(requireRedisServer())('ivrkit serve --store redis://', () => {
  let server: RedisServer;
  let sim: Simulator;
  let host: Host;
  const scratch = mkdtempSync(join(tmpdir(), 'ivrkit-store-url-'));
  beforeAll(async () => {
    server = await startRedisServer();
    sim = createSimulator({ clock: 'real', speed: 5, offer: { eventSocket: true } });
    host = await startHost({ handler: sim.fetch, sockets: { [PATHS.eventSocket]: simulatorSocket(sim) } });
  });
  afterAll(async () => {
    await sim?.close();
    await host?.close();
    await server?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('keeps the calls in Redis, under the prefix given', async () => {
    const serve = startCli(
      ['serve', 'bank', '--sim', host.url, '--port', '0', '--store', `${server.url}/3?prefix=bank:`],
      { cwd: scratch },
    );
    try {
      await serve.waitFor(/event socket {8}connected/);
      expect(serve.stdout()).toContain(`state               ${server.url}/3 (keys bank:*)`);
      const result = await driveCall(createSimClient(host.url), {
        to: sim.numbers()[0] as string,
        from: '15550001234',
        presses: ['1', '12345678', '2'],
        timeoutMs: 30_000,
      });
      expect(result.ended).toBe(true);
      await serve.waitFor(/ended: hangup · inbound 15550001234 · digits 1 12345678 2/);
    } finally {
      serve.child.kill('SIGINT');
    }
    expect(await serve.exited).toBe(0);
    const redis = await connectRedis({ url: `${server.url}/3`, prefix: 'bank:' });
    const store = createRedisStore(redis, { closeConnection: true });
    const keys = await store.keys('call:');
    expect(keys.length).toBe(1);
    expect(await store.get(keys[0] as string)).toMatchObject({ value: { ended: true } });
    await store.close();
  }, 60_000);

  it('refuses a bad --store with the forms it takes', async () => {
    const run = await runCli(['serve', 'bank', '--sim', host.url, '--store', 'redis:/nohost'], {
      cwd: scratch,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--store: .*expected redis:\/\/host:port\[\/db\]/);
  }, 30_000);
});
