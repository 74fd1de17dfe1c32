import { measureSimulatedCalls } from './figures/simulated-calls.js';

const f = await measureSimulatedCalls({ durationMs: Number(process.env.D ?? 6000) });
console.log(f.map((x) => `${x.label} ${x.value} ${x.note ?? ''}`).join('\n'));
