/**
 * The Customer Action API's logic, shared by `POST /v2/voice` and the WebSocket channel: read an action, start
 * an outbound call (`dial` without `reference_id`) or act on a live call, and answer TeleSign's status strings
 * (reference §5).
 *
 * @module
 */
import {
  type DIAL_REFUSAL_STATUSES,
  type DialAction,
  httpStatusOf,
  LIMITS,
  OUR_RESPONSE_STATUS,
  parseAction,
  parseJsonBody,
  type VoiceAction,
  type VoiceResponseBody,
} from '@ivrkit/protocol';
import type { Random } from '../random.js';
import type { SimCall } from './call.js';
import type { CallEngine } from './call-engine.js';
import type { ActionSource } from './transcript.js';

/**
 * One of TeleSign's 200 refusals of a `dial`.
 *
 * @example
 * const refusal: DialRefusal = 'to_number_blocked_by_customer';
 */
export type DialRefusal = (typeof DIAL_REFUSAL_STATUSES)[number];

/**
 * Which dialled numbers are refused, and how: keys are exact numbers, or prefixes ending in `*`.
 * Default {@link DEFAULT_DIAL_REFUSALS}.
 *
 * @example
 * createSimulator({ dialRefusals: { '1900*': 'premium_to_number_rejected', '15550001111': 'to_number_blocked_by_customer' } });
 */
export type DialRefusals = Record<string, DialRefusal>;

/**
 * `[sim]` Premium-rate numbers (`1900…`) are refused by default, as TeleSign refuses them.
 *
 * @example
 * createSimulator({ dialRefusals: { ...DEFAULT_DIAL_REFUSALS, '44*': 'to_number_blocked_by_country' } });
 */
export const DEFAULT_DIAL_REFUSALS: DialRefusals = { '1900*': 'premium_to_number_rejected' };

/**
 * An answer: HTTP code and body.
 *
 * @example
 * const { httpStatus, body } = voice.handle(text, 'post');
 */
export interface VoiceAnswer {
  httpStatus: number;
  body: VoiceResponseBody;
  /** The call acted on or created, when there is one. */
  call?: SimCall;
}

/**
 * What the service needs.
 *
 * @example
 * const voice = new VoiceService({ engine, random, ownsNumber, dialRefusals: {}, onAction: () => {}, maxBodyBytes: 65_536 });
 */
export interface VoiceServiceDeps {
  engine: CallEngine;
  random: Random;
  ownsNumber(number: string): boolean;
  dialRefusals: DialRefusals;
  /** Told of every action that reached a call (lets delivery stop holding virtual time). */
  onAction(call: SimCall): void;
  maxBodyBytes: number;
}

/**
 * Handles one action body.
 *
 * @example
 * const answer = voiceService.handle('{"method":"dial","params":{"to":"15555551212","caller_id_number":"15554441313"}}', 'post');
 * answer.httpStatus; // 202
 */
export class VoiceService {
  constructor(private readonly deps: VoiceServiceDeps) {}

  /** Reads and performs an action given as JSON text. */
  handle(text: string, source: ActionSource): VoiceAnswer {
    const json = parseJsonBody(text, { maxBytes: this.deps.maxBodyBytes, maxDepth: LIMITS.maxJsonDepth });
    if (!json.ok) {
      const status =
        json.issue.code === 'too_large' && json.issue.path === '' && json.issue.expected.startsWith('at most')
          ? OUR_RESPONSE_STATUS.requestTooLarge
          : OUR_RESPONSE_STATUS.invalidRequest;
      return answer(status, json.issue.message, '');
    }
    return this.handleValue(json.value, source);
  }

  /** Performs an action given as parsed JSON. */
  handleValue(value: unknown, source: ActionSource): VoiceAnswer {
    const referenceId = readReferenceId(value);
    const parsed = parseAction(value);
    if (!parsed.ok) {
      return answer(
        parsed.issue.status ?? OUR_RESPONSE_STATUS.invalidRequest,
        parsed.issue.message,
        referenceId ?? '',
      );
    }
    const action = parsed.value;
    if (action.reference_id === undefined) {
      if (action.method !== 'dial') {
        return answer(
          OUR_RESPONSE_STATUS.invalidRequest,
          `reference_id: a ${action.method} acts on a live call and needs its reference_id; only dial starts a call`,
          '',
        );
      }
      return this.dial(action);
    }
    const call = this.deps.engine.calls.get(action.reference_id);
    if (call === undefined) {
      return answer(
        OUR_RESPONSE_STATUS.callNotFound,
        `no call has reference_id ${action.reference_id}`,
        action.reference_id,
      );
    }
    return this.act(call, action, source);
  }

  /** Performs an action on a known call. */
  act(call: SimCall, action: VoiceAction, source: ActionSource): VoiceAnswer {
    if (action.method === 'dial') {
      const callerId = action.params.caller_id_number;
      if (!this.deps.ownsNumber(callerId) && callerId !== call.party.number) {
        return answer(
          'caller_id_number_not_owned',
          `caller_id_number ${callerId} is neither one of the account's numbers nor this call's caller`,
          call.referenceId,
        );
      }
    }
    const outcome = this.deps.engine.act(call, action, source);
    this.deps.onAction(call);
    if (!outcome.ok)
      return { ...answer(outcome.status, outcome.message, call.referenceId, call.externalId), call };
    const status = action.method === 'dial' ? 'dial_accepted' : OUR_RESPONSE_STATUS.actionAccepted;
    return { ...answer(status, undefined, call.referenceId, call.externalId), call };
  }

  private dial(action: DialAction): VoiceAnswer {
    const params = action.params;
    const externalId = params.external_id;
    if (!this.deps.ownsNumber(params.caller_id_number)) {
      return answer(
        'caller_id_number_not_owned',
        `caller_id_number ${params.caller_id_number} is not one of the account's leased numbers`,
        '',
        externalId,
      );
    }
    const refused = refusalOf(params.to, this.deps.dialRefusals);
    if (refused !== undefined) {
      return answer(
        refused,
        `${params.to} cannot be called: ${refused}`,
        this.deps.random.hex(32).toUpperCase(),
        externalId,
      );
    }
    const call = this.deps.engine.placeOutbound(action);
    return { ...answer('dial_accepted', undefined, call.referenceId, externalId), call };
  }
}

function refusalOf(number: string, refusals: DialRefusals): DialRefusal | undefined {
  const exact = refusals[number];
  if (exact !== undefined) return exact;
  for (const [pattern, status] of Object.entries(refusals)) {
    if (pattern.endsWith('*') && number.startsWith(pattern.slice(0, -1))) return status;
  }
  return undefined;
}

function answer(
  status: string,
  message: string | undefined,
  referenceId: string,
  externalId?: string,
): VoiceAnswer {
  const body: VoiceResponseBody = { reference_id: referenceId, status };
  if (externalId !== undefined) body.external_id = externalId;
  if (message !== undefined) body.message = message;
  return { httpStatus: httpStatusOf(status), body };
}

function readReferenceId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const id = (value as { reference_id?: unknown }).reference_id;
  return typeof id === 'string' && id.length <= LIMITS.maxIdLength ? id : undefined;
}
