/**
 * The files of the starter project `ivrkit init` writes: a flow, its tests (`assertFlow`, `lintFlow`, coverage),
 * a Node server, a package.json whose `npm test` passes, a tsconfig and a README.
 *
 * @module
 */

/** What the starter is made from: its package name and the ivrkit version its dependencies name. */
export interface StarterOptions {
  /** The package name (the directory's name, made npm-safe). */
  name: string;
  /** The ivrkit packages' version, e.g. `0.1.0` (dependencies get `^0.1.0`). */
  version: string;
}

const FLOW = `import { defineFlow, hangup, menu, say, transfer } from '@ivrkit/machines';

const MENU = 'For opening hours, press 1. To speak to someone, press 0.';

/** The front desk: a menu with opening hours and a transfer to a person. */
export const flow = defineFlow({
  id: 'front-desk',
  version: 1,
  direction: 'inbound',
  language: 'en-US',
  callerId: 'caller',
  start: 'main',
  nodes: {
    main: menu({
      prompt: MENU,
      options: { 1: 'hours', 0: 'desk' },
      noInput: { retries: 2, next: 'bye' },
      invalid: { retries: 2, prompt: \`Sorry, that is not an option. \${MENU}\`, next: 'desk' },
    }),
    hours: say({ prompt: 'We are open nine to five, Monday to Friday.', next: 'bye' }),
    desk: transfer({ to: '15550100000', onFailed: 'bye' }),
    bye: hangup({ prompt: 'Goodbye.' }),
  },
});

export default flow;
`;

const FLOW_TEST = `import { assertFlow, lintFlow, measureCoverage } from '@ivrkit/testing';
import { expect, it } from 'vitest';
import { flow } from '../src/flow.js';

it('lints clean: every state reachable, no-input and invalid input handled, every loop bounded', () => {
  expect(lintFlow(flow).findings.filter((finding) => finding.severity === 'error')).toEqual([]);
});

it('no generated caller is trapped, looped or dropped', async () => {
  await assertFlow(flow, { numRuns: 50, seed: 1 });
}, 60_000);

it('scripted callers cover every transition', async () => {
  const report = await measureCoverage(flow, { threshold: 100 });
  expect(report.transitions.missed).toEqual([]);
}, 60_000);
`;

const SERVER = `/**
 * The flow as a webhook server on Node. TeleSign (or \`npx ivrkit sim\`) posts call events to it.
 *
 * Credentials come from TELESIGN_CUSTOMER_ID and TELESIGN_API_KEY; TELESIGN_BASE_URL points the client at a
 * simulator instead of TeleSign (e.g. http://127.0.0.1:8787 for \`npx ivrkit sim\`).
 */
import { createFileStore, createTeleSignClient, createVoiceApp, serve } from '@ivrkit/adapter-http';
import { flow } from './flow.js';

const app = createVoiceApp({
  flow,
  client: createTeleSignClient(),
  store: await createFileStore({ dir: '.ivrkit-data' }),
  verify: 'required',
});
await app.resume(); // re-arms timers of calls that were live when the process stopped
const server = await serve(app, { port: Number(process.env.PORT ?? 8080), hostname: '0.0.0.0' });
console.log(\`Event URL: \${server.url}/ (Ctrl-C stops)\`);
`;

const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "skipLibCheck": true,
    "noEmit": true,
    "types": ["node"]
  },
  "include": ["src", "test"]
}
`;

function readme(name: string): string {
  return `# ${name}

An IVR call flow for TeleSign's Voice API, written with [ivrkit](https://www.npmjs.com/package/@ivrkit/cli).

\`\`\`sh
npm install && npm start   # install, then call your flow from a browser softphone on a local simulator
npm test                   # type-check, lint the flow, property-test it and measure its coverage
\`\`\`

- \`src/flow.ts\`: the flow. \`npx ivrkit lint ./src/flow.ts\`, \`npx ivrkit check ./src/flow.ts --runs 200\` and
  \`npx ivrkit coverage ./src/flow.ts\` check it from the command line.
- \`test/flow.test.ts\`: \`lintFlow\`, \`assertFlow\` (generated callers) and \`measureCoverage\` under vitest.
- \`src/server.ts\`: the flow as a webhook server on Node (\`npm run serve\`). With \`TELESIGN_CUSTOMER_ID\` and
  \`TELESIGN_API_KEY\` set, point your TeleSign event URL at it; against \`npx ivrkit sim\`, also set
  \`TELESIGN_BASE_URL=http://127.0.0.1:8787\` and use the simulator's demo credentials it prints.

In a web framework instead of \`serve\` (each from its own entry point of \`@ivrkit/adapter-http\`):

- Express 5: \`expressApp.post('/events', webhook(app))\` with \`import { webhook } from '@ivrkit/adapter-http/express'\` (before any global \`express.json()\`)
- Fastify 5: \`await fastify.register(webhookPlugin, { app, path: '/events' })\` with \`import { webhookPlugin } from '@ivrkit/adapter-http/fastify'\`
- Hono 4: \`hono.post('/events', webhook(app))\` with \`import { webhook } from '@ivrkit/adapter-http/hono'\`
`;
}

function packageJson({ name, version }: StarterOptions): string {
  const range = `^${version}`;
  const manifest = {
    name,
    version: '0.1.0',
    private: true,
    type: 'module',
    scripts: {
      start: 'ivrkit demo --flow ./src/flow.ts',
      serve: 'tsx src/server.ts',
      test: 'tsc && vitest run',
    },
    dependencies: {
      '@ivrkit/adapter-http': range,
      '@ivrkit/machines': range,
    },
    devDependencies: {
      '@ivrkit/cli': range,
      '@ivrkit/testing': range,
      '@types/node': '^20.19.0',
      tsx: '^4.23.0',
      typescript: '^5.9.0',
      vitest: '^4.1.0',
    },
    engines: { node: '>=20.19' },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * The starter's files by relative path.
 *
 * @example
 * starterFiles({ name: 'front-desk', version: '0.1.0' })['src/flow.ts'];
 */
export function starterFiles(options: StarterOptions): Record<string, string> {
  return {
    'package.json': packageJson(options),
    'tsconfig.json': TSCONFIG,
    'README.md': readme(options.name),
    '.gitignore': 'node_modules/\n.ivrkit-data/\n',
    'src/flow.ts': FLOW,
    'src/server.ts': SERVER,
    'test/flow.test.ts': FLOW_TEST,
  };
}
