/**
 * Throughput of the webhook runtime in-process: inbound bank calls (incoming_call → menu digit → account →
 * balance lookup → anything else → goodbye), signed, verified, parsed and stepped, with the memory and the file
 * store. Run: `pnpm --filter @ivrkit/adapter-http bench`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bankFlow } from '@ivrkit/machines/examples';
import type { VoiceEvent } from '@ivrkit/protocol';
import { signCallback } from '@ivrkit/protocol/auth';
import {
  createFileStore,
  createMemoryStore,
  createVoiceApp,
  type Store,
  silentLogger,
} from '../src/index.js';

const credentials = { customerId: 'bench', apiKey: 'YmVuY2hLZXk=' };
const CALLS = Number(process.env.CALLS ?? 500);

function script(ref: string): VoiceEvent[] {
  const spoke = (digits: string): VoiceEvent => ({
    event: 'speak_completed',
    reference_id: ref,
    data: { status: 'speak_successful', collected_digits: digits },
  });
  return [
    { event: 'incoming_call', reference_id: ref, data: { to: '15555551212', from: '15558675309' } },
    spoke('1'),
    spoke('12345678'),
    spoke(''),
    spoke('2'),
    spoke(''),
  ];
}

async function run(name: string, store: Store) {
  const app = createVoiceApp({
    flow: bankFlow,
    store,
    client: {
      sendAction: async (reference_id) => ({ reference_id, status: 'action_accepted' }),
      dial: async () => ({ reference_id: 'x', status: 'dial_accepted' }),
    },
    verify: { mode: 'required', ...credentials },
    logger: silentLogger,
    repeats: 'window',
  });
  const started = performance.now();
  let events = 0;
  const latencies: number[] = [];
  await Promise.all(
    Array.from({ length: CALLS }, async (_, i) => {
      for (const event of script(`bench-${i}`)) {
        const body = JSON.stringify(event);
        const t0 = performance.now();
        const response = await app.fetch(
          new Request('http://bench/', {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...signCallback(credentials, body) },
            body,
          }),
        );
        await response.text();
        latencies.push(performance.now() - t0);
        if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
        events++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const p = (q: number) => (latencies[Math.floor(q * (latencies.length - 1))] ?? 0).toFixed(2);
  console.log(
    `${name}: ${CALLS} calls, ${events} events in ${seconds.toFixed(2)} s = ${Math.round(events / seconds)} events/s; ` +
      `latency p50 ${p(0.5)} ms, p99 ${p(0.99)} ms (all calls concurrent)`,
  );
  await app.close();
}

await run('memory store', createMemoryStore());
const dir = await mkdtemp(join(tmpdir(), 'ivrkit-bench-'));
const fileStore = await createFileStore({ dir });
await run('file store (fsync)', fileStore);
await fileStore.close();
await rm(dir, { recursive: true, force: true });
