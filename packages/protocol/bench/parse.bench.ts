/**
 * How much the event and action parsers add on the webhook path, beside JSON.parse alone (the floor any
 * validator pays). Run: `pnpm --filter @ivrkit/protocol bench`.
 */
import { parseActionJson, parseEventJson } from '@ivrkit/protocol';

const event = JSON.stringify({
  event: 'play_completed',
  reference_id: 'Q772E290BG4C01648984EAD7EA1D0021',
  data: { from: '15555551212', to: '15558675309', status: 'playback_successful', collected_digits: '923' },
});
const action = JSON.stringify({
  method: 'play',
  params: {
    url: 'https://example.com/menu.wav',
    collect_digits: { max: 5, timeout: 10000, inter_digit_timeout: 3000 },
  },
});

function opsPerSecond(run: () => unknown, iterations = 500_000): number {
  for (let i = 0; i < 20_000; i++) run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) run();
  return iterations / (Number(process.hrtime.bigint() - start) / 1e9);
}

const rows = [
  ['JSON.parse(event) only', opsPerSecond(() => JSON.parse(event))],
  ['parseEventJson(event)', opsPerSecond(() => parseEventJson(event))],
  ['JSON.parse(action) only', opsPerSecond(() => JSON.parse(action))],
  ['parseActionJson(action)', opsPerSecond(() => parseActionJson(action))],
] as const;
for (const [name, ops] of rows)
  console.log(`${name.padEnd(26)} ${Math.round(ops).toLocaleString('en-US').padStart(12)} ops/s`);
console.log(
  `event validation keeps ${((rows[1][1] / rows[0][1]) * 100).toFixed(0)}% of bare JSON.parse throughput`,
);
console.log(
  `action validation keeps ${((rows[3][1] / rows[2][1]) * 100).toFixed(0)}% of bare JSON.parse throughput`,
);
