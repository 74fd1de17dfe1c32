/**
 * The TeleSign account every benchmark and reliability run signs and verifies with: the simulator's demo
 * credentials, so the simulator and a separately started adapter agree without configuration.
 *
 * @module
 */
import type { Credentials } from '@ivrkit/protocol/auth';
import { DEMO_CREDENTIALS, DEMO_NUMBER } from '@ivrkit/simulator';

/** Customer id and API key shared by the simulator, the adapter and the load generator. */
export const BENCH_CREDENTIALS: Credentials = { ...DEMO_CREDENTIALS };

/** The number bench calls are placed to. */
export const BENCH_NUMBER: string = DEMO_NUMBER;
