/**
 * What the HTTP routes and the socket side share: the simulator's parts, wired once by `createSimulator`.
 * Internal.
 *
 * @module
 */
import type { Clock } from './clock/clock.js';
import type { EventDelivery } from './delivery/event-delivery.js';
import type { SocketHub } from './delivery/socket-hub.js';
import type { CallEngine } from './engine/call-engine.js';
import type { VoiceService } from './engine/voice-service.js';
import type { FaultOptions } from './faults.js';
import type { AuthConfig } from './http/authenticate.js';
import type { Random } from './random.js';
import type { Simulator } from './simulator.js';
import type { PhoneNumbers } from './store/phone-numbers.js';

/**
 * A sliding-window request limit for `/v2/voice`.
 *
 * @example
 * createSimulator({ rateLimit: { requests: 10, perMs: 1_000 } });
 */
export interface RateLimit {
  /** Requests allowed per window. */
  requests: number;
  /** The window, in simulated milliseconds. */
  perMs: number;
}

/**
 * The simulator's parts, for the routes.
 *
 * @example
 * const handler = createFetchHandler(ctx);
 */
export interface SimulatorContext {
  clock: Clock;
  engine: CallEngine;
  voice: VoiceService;
  delivery: EventDelivery;
  sockets: SocketHub;
  numbers: PhoneNumbers;
  auth: AuthConfig;
  faults: FaultOptions;
  random: Random;
  rateLimit: RateLimit | undefined;
  /** Times of recent `/v2/voice` requests, for the rate limit. */
  recentVoiceRequests: number[];
  deletedRecordings: Set<string>;
  maxBodyBytes: number;
  /** The origin recording URLs use; default: the request's own. */
  publicUrl: string | undefined;
  /** The control API's powers (the same as the in-process ones). */
  control: Simulator;
}
