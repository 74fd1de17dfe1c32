/**
 * `@ivrkit/protocol/node` — what every `node:http` server of the project shares so that no client can stop it:
 * listener limits, client-error handling, guarded upgrades and WebSockets. Node-only, hence its own entry point.
 *
 * @module
 */
export {
  createGuardedServer,
  type ErrorEmitter,
  guardSocket,
  guardUpgrades,
  type ListenerGuardOptions,
  type ListenerLimits,
  type ListenerLog,
  refuseUpgrade,
  type UpgradeGuardOptions,
  type UpgradeHandler,
} from './listener-guard.js';
