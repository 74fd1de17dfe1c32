import { bankFlow } from '@ivrkit/machines/examples';
import { formatLoadReport, runLoad } from '@ivrkit/testing';

const n = Number(process.argv[2] ?? 200);
const report = await runLoad(bankFlow, { callers: n, expect: ['transfer<=30%', 'p90<=3m'] });
console.log(formatLoadReport(report));
console.log(process.memoryUsage().heapUsed / 1e6, 'MB');
