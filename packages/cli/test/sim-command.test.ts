import { PATHS } from '@ivrkit/protocol';
import { basicAuthorization } from '@ivrkit/protocol/auth';
import { DEMO_CREDENTIALS } from '@ivrkit/simulator';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/command.js';
import { startSim } from '../src/commands/sim.js';

describe('ivrkit sim', () => {
  it('starts on the given port, prints its URL and credentials, and serves the API', async () => {
    const lines: string[] = [];
    const served = await startSim(
      ['--port', '0', '--numbers', '15550001111,15550002222', '--speed', '10'],
      (line) => lines.push(line),
    );
    try {
      const url = /listening on (http:\/\/\S+)/.exec(lines[0] ?? '')?.[1] as string;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(lines.join('\n')).toContain(DEMO_CREDENTIALS.customerId);
      expect(lines.join('\n')).toContain(DEMO_CREDENTIALS.apiKey);
      const response = await fetch(`${url}${PATHS.voice}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: basicAuthorization(DEMO_CREDENTIALS) },
        body: JSON.stringify({
          method: 'dial',
          params: { to: '15550009999', caller_id_number: '15550002222' },
        }),
      });
      expect(response.status).toBe(202);
      const state = (await (await fetch(`${url}${PATHS.simulatorControl}/state`)).json()) as {
        clock: string;
      };
      expect(state.clock).toBe('real');
    } finally {
      await served.close();
    }
  });

  it('says at start that the control API is open when bound to a non-loopback address, and only then', async () => {
    const wide: string[] = [];
    await (await startSim(['--port', '0', '--host', '0.0.0.0'], (line) => wide.push(line))).close();
    expect(wide.join('\n')).toMatch(
      /WARNING: bound to 0\.0\.0\.0, not loopback: the control API \(\/_sim\) is unauthenticated/,
    );
    const local: string[] = [];
    await (await startSim(['--port', '0'], (line) => local.push(line))).close();
    expect(local.join('\n')).not.toContain('WARNING');
  });

  it('refuses an API key that is not base64, and bad flags', async () => {
    const quiet = () => {};
    await expect(startSim(['--port', '0', '--api-key', 'not base64!'], quiet)).rejects.toThrow(UsageError);
    await expect(startSim(['--port', '0', '--api-key', 'not base64!'], quiet)).rejects.toThrow(/base64/);
    await expect(startSim(['--port', '70000'], quiet)).rejects.toThrow(/--port/);
    await expect(startSim(['--speed', '0'], quiet)).rejects.toThrow(/--speed/);
    await expect(startSim(['--bogus'], quiet)).rejects.toThrow(UsageError);
  });

  it('over real HTTP, answers malformed requests with 4xx and never hangs', async () => {
    const lines: string[] = [];
    const served = await startSim(['--port', '0'], (line) => lines.push(line));
    try {
      const url = /listening on (http:\/\/\S+)/.exec(lines[0] ?? '')?.[1] as string;
      const auth = { Authorization: basicAuthorization(DEMO_CREDENTIALS) };
      const oversized = await fetch(`${url}${PATHS.voice}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...auth },
        body: 'x'.repeat(200_000),
      });
      expect(oversized.status).toBe(413);
      const weird = await fetch(`${url}${PATHS.voice}`, { method: 'PATCH', headers: auth, body: '{}' });
      expect(weird.status).toBe(405);
      const malformed = await fetch(`${url}${PATHS.voice}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...auth },
        body: '{"method":',
      });
      expect(await malformed.json()).toMatchObject({ status: 'invalid_request', reference_id: '' });
    } finally {
      await served.close();
    }
  });
});
