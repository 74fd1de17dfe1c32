/**
 * The call engine: TeleSign's behaviour on a call. It turns actions into prompts, rings, bridges and hang-ups on
 * the clock, reacts to the people on the line, and emits the events the customer receives. It knows nothing of
 * HTTP: the router hands it parsed actions; event delivery is a function it is given.
 *
 * @module
 */
import {
  type CallCompletedStatus,
  COLLECT_DIGITS_DEFAULTS,
  type DialAction,
  type DialStatus,
  type EventName,
  isWirePhoneNumber,
  MAX_CALL_DURATION_SECONDS,
  type PromptAction,
  STATUS,
  type VoiceAction,
  type VoiceEvent,
} from '@ivrkit/protocol';
import { type CalleeBehaviour, DEFAULT_RING_MS } from '../callers/callee.js';
import type { Caller, CallerReaction } from '../callers/caller.js';
import { planReaction } from '../callers/reaction-plan.js';
import { type CallerSpec, callerFromSpec } from '../callers/scripted-caller.js';
import type { Clock, TimerHandle } from '../clock/clock.js';
import { type FaultOptions, mergeFaults } from '../faults.js';
import type { Random } from '../random.js';
import { refusalOf } from './action-rules.js';
import type { ActivePrompt, DeliveryMode, Leg, Party, SimCall } from './call.js';
import { callCompletedData } from './cdr.js';
import { type PromptOptions, promptPlan } from './prompt-timing.js';
import type { ActionSource, TranscriptInput, Violation } from './transcript.js';

/**
 * What the engine needs from the simulator around it.
 *
 * @example
 * const engine = new CallEngine({ clock, random, prompts: {}, faults: {}, recording: false, eventUrl: undefined, deliveryMode: 'off', calleeOf: () => ({}), ownsNumber: () => true, deliver: () => {}, onEnded: () => {} });
 */
export interface EngineDeps {
  clock: Clock;
  random: Random;
  prompts: PromptOptions;
  faults: FaultOptions;
  recording: boolean;
  /** The default event URL, when calls do not set their own. */
  eventUrl: string | undefined;
  deliveryMode: DeliveryMode;
  calleeOf(number: string): CalleeBehaviour;
  ownsNumber(number: string): boolean;
  /** Hands an event to event delivery. */
  deliver(call: SimCall, event: VoiceEvent, sequence: number): void;
  /** Told when a call ends. */
  onEnded(call: SimCall): void;
}

/**
 * The outcome of an action given to the engine.
 *
 * @example
 * const outcome: ActionOutcome = engine.act(call, { method: 'hangup', params: {} }, 'post');
 */
export type ActionOutcome = { ok: true } | { ok: false; status: string; message: string };

/**
 * Options of an inbound call placed by a scripted caller (`Simulator.placeInboundCall`).
 *
 * @example
 * sim.placeInboundCall({ to: '15555551212', from: '15558675309', caller: { hangupAtMs: 30_000 }, faults: { duplicate: 0.2 } });
 */
export interface InboundCallOptions {
  /** One of the account's numbers. */
  to: string;
  /** The caller's number. */
  from: string;
  /** Who is calling. Default: silent, never hangs up. */
  caller?: CallerSpec;
  /** Overrides the simulator's event URL for this call. */
  eventUrl?: string;
  /** Overrides the simulator's delivery mode for this call. */
  delivery?: DeliveryMode;
  /** Per-call faults, over the simulator's. */
  faults?: FaultOptions;
  /** Overrides the simulator's recording setting. */
  recording?: boolean;
}

/**
 * Options of {@link CallEngine.placeOutbound}.
 *
 * @example
 * engine.placeOutbound(dial, { recording: true });
 */
export interface OutboundCallOptions {
  eventUrl?: string;
  delivery?: DeliveryMode;
  faults?: FaultOptions;
  recording?: boolean;
}

/**
 * Runs every call of one simulator.
 *
 * @example
 * const engine = new CallEngine(deps);
 * const call = engine.placeInbound({ to: '15555551212', from: '15558675309' });
 */
export class CallEngine {
  readonly calls = new Map<string, SimCall>();
  private liveCount = 0;

  constructor(private readonly deps: EngineDeps) {}

  /** Calls not yet ended. */
  get live(): number {
    return this.liveCount;
  }

  /** Someone calls one of the account's numbers: `incoming_call` is sent. Throws when `to` is not ours. */
  placeInbound(options: InboundCallOptions): SimCall {
    if (!this.deps.ownsNumber(options.to)) {
      throw new RangeError(`${options.to} is not one of the account's leased numbers`);
    }
    if (!isWirePhoneNumber(options.from)) {
      throw new RangeError(`${options.from} is not a phone number in wire form (digits with country code)`);
    }
    const call = this.newCall({
      direction: 'inbound',
      to: options.to,
      from: options.from,
      ourNumber: options.to,
      party: { role: 'caller', number: options.from, caller: callerFromSpec(options.caller), heard: [] },
      externalId: undefined,
      options,
    });
    this.schedule(call, call.maxDurationMs, () => this.end(call, STATUS.call.maxDurationReached, 'system'));
    this.armPartyHangup(call, call.party, call.timers);
    this.emit(call, 'incoming_call', { to: call.to, from: call.from });
    return call;
  }

  /** `dial` without a `reference_id`: an outbound call starts ringing. The caller id is already checked. */
  placeOutbound(action: DialAction, options: OutboundCallOptions = {}): SimCall {
    const params = action.params;
    const callee = this.deps.calleeOf(params.to);
    const call = this.newCall({
      direction: 'outbound',
      to: params.to,
      from: params.caller_id_number,
      ourNumber: params.caller_id_number,
      party: { role: 'callee', number: params.to, caller: callerFromSpec(callee.caller), heard: [] },
      externalId: params.external_id,
      options: { ...options, faults: mergeFaults(callee.faults ?? {}, options.faults) },
    });
    if (params.max_call_duration !== undefined) {
      call.maxDurationMs = Math.min(call.maxDurationMs, Number(params.max_call_duration) * 1000);
    }
    this.record(call, { kind: 'action', source: 'post', action, accepted: true, status: 'dial_accepted' });
    const outcome = callee.outcome ?? STATUS.dial.answered;
    this.schedule(call, callee.ringMs ?? DEFAULT_RING_MS[outcome], () => {
      const data = { to: call.to, from: call.from, status: outcome };
      if (outcome !== STATUS.dial.answered) {
        this.emit(call, 'dial_completed', data);
        this.end(call, outcome, 'callee');
        return;
      }
      this.answer(call);
      call.activity = { kind: 'idle' };
      this.schedule(call, call.maxDurationMs, () => this.end(call, STATUS.call.maxDurationReached, 'system'));
      this.armPartyHangup(call, call.party, call.timers);
      if (params.send_dtmf) this.sendDtmf(call, call.party, params.send_dtmf);
      this.emit(call, 'dial_completed', data);
    });
    return call;
  }

  /**
   * Applies an action to a live call. `replyTo` names the event sequence when the action is the answer to an
   * event; such an answer is refused unless it answers the event the call is waiting on.
   */
  act(call: SimCall, action: VoiceAction, source: ActionSource, replyTo?: number): ActionOutcome {
    const refusal = refusalOf(call, action, replyTo);
    const entry: TranscriptInput = { kind: 'action', source, action, accepted: refusal === undefined };
    if (replyTo !== undefined) entry.replyTo = replyTo;
    if (refusal !== undefined && !refusal.ok) {
      entry.status = refusal.status;
      entry.message = refusal.message;
      this.record(call, entry);
      return refusal;
    }
    this.record(call, entry);
    if (action.method !== 'send_dtmf') call.awaiting = undefined;
    switch (action.method) {
      case 'hangup':
        this.end(call, STATUS.call.hangup, 'customer');
        break;
      case 'speak':
      case 'play':
      case 'play_multiple':
        this.answer(call);
        this.startPrompt(call, action);
        break;
      case 'dial':
        this.answer(call);
        this.transfer(call, action);
        break;
      case 'send_dtmf':
        this.sendDtmf(call, call.leg?.party ?? call.party, action.params.digits);
        break;
    }
    return { ok: true };
  }

  /** Records a violation on the call. */
  violation(call: SimCall, violation: Omit<Violation, 'reference_id' | 'at'>): void {
    call.violations.push({ reference_id: call.referenceId, at: this.deps.clock.now(), ...violation });
  }

  /** The person on the line presses a digit (scripts do this through timers; the control API directly). */
  press(call: SimCall, party: Party, digit: string): void {
    if (call.endedAt !== undefined) return;
    const prompt = call.activity.kind === 'prompt' ? call.activity.prompt : undefined;
    let note: string | undefined;
    if (party !== call.party) note = 'heard by the other party only';
    else if (prompt === undefined || prompt.collect === undefined)
      note = 'ignored: no digits are being collected';
    const entry: TranscriptInput = { kind: 'input', party: party.role, digit };
    if (note !== undefined) entry.note = note;
    this.record(call, entry);
    if (note !== undefined || prompt === undefined || prompt.collect === undefined) return;
    prompt.digits += digit;
    if (prompt.playing) {
      // DIGITS_DURING_PROMPT = 'collect-and-interrupt': the digit is kept and the prompt stops.
      prompt.playing = false;
      this.clear(call, prompt.endTimer);
    }
    this.clear(call, prompt.waitTimer);
    if (prompt.digits.length >= prompt.collect.max) {
      this.completePrompt(call, prompt);
      return;
    }
    prompt.waitTimer = this.schedule(call, prompt.collect.interDigit, () =>
      this.completePrompt(call, prompt),
    );
  }

  /** A person hangs up (the caller ends the call; a transfer's callee ends its leg). */
  partyHangup(call: SimCall, party: Party, reason = 'hung up'): void {
    if (call.endedAt !== undefined) return;
    if (party === call.party) {
      this.end(call, STATUS.call.hangup, party.role, reason);
      return;
    }
    const leg = call.leg;
    if (leg === undefined || leg.party !== party) return;
    this.record(call, { kind: 'hangup', by: 'callee', reason: `transfer leg: ${reason}` });
    this.endLeg(call, leg);
    this.emit(call, 'call_leg_completed', { to: leg.to, from: leg.from, status: STATUS.callLeg.hangup });
  }

  /** Ends a call: every timer stops, `call_completed` is sent. */
  end(
    call: SimCall,
    status: CallCompletedStatus,
    by: 'caller' | 'callee' | 'customer' | 'system',
    reason?: string,
  ): void {
    if (call.endedAt !== undefined) return;
    const now = this.deps.clock.now();
    this.record(call, { kind: 'hangup', by, reason: reason ?? status });
    for (const timer of call.timers) this.deps.clock.clear(timer);
    call.timers.clear();
    if (call.leg) this.endLeg(call, call.leg);
    call.activity = { kind: 'ended' };
    call.awaiting = undefined;
    call.endedAt = now;
    call.status = status;
    this.liveCount--;
    this.emit(call, 'call_completed', callCompletedData(call));
    this.deps.onEnded(call);
  }

  /** Adds a transcript entry stamped with the virtual time. */
  record(call: SimCall, entry: TranscriptInput): void {
    const at = this.deps.clock.now();
    call.transcript.push({ at, t: at - call.createdAt, ...entry } as SimCall['transcript'][number]);
  }

  /** Schedules `fn` on the call's clock; cancelled if the call ends first. */
  schedule(
    call: SimCall,
    delayMs: number,
    fn: () => void,
    timers: Set<TimerHandle> = call.timers,
  ): TimerHandle {
    const handle = this.deps.clock.schedule(delayMs, () => {
      timers.delete(handle);
      if (call.endedAt === undefined) fn();
    });
    timers.add(handle);
    return handle;
  }

  private clear(call: SimCall, handle: TimerHandle | undefined): void {
    if (handle === undefined) return;
    this.deps.clock.clear(handle);
    call.timers.delete(handle);
  }

  private newCall(init: {
    direction: 'inbound' | 'outbound';
    to: string;
    from: string;
    ourNumber: string;
    party: Party;
    externalId: string | undefined;
    options: OutboundCallOptions;
  }): SimCall {
    const referenceId = this.newReferenceId();
    const now = this.deps.clock.now();
    const call: SimCall = {
      referenceId,
      externalId: init.externalId,
      direction: init.direction,
      to: init.to,
      from: init.from,
      ourNumber: init.ourNumber,
      party: init.party,
      createdAt: now,
      answeredAt: undefined,
      endedAt: undefined,
      status: undefined,
      activity: { kind: 'ringing' },
      leg: undefined,
      awaiting: undefined,
      timers: new Set(),
      maxDurationMs: MAX_CALL_DURATION_SECONDS * 1000,
      eventUrl: init.options.eventUrl ?? this.deps.eventUrl,
      deliveryMode: init.options.delivery ?? this.deps.deliveryMode,
      faults: mergeFaults(this.deps.faults, init.options.faults),
      random: this.deps.random.fork(referenceId),
      recording: init.options.recording ?? this.deps.recording,
      transcript: [],
      feed: [],
      violations: [],
      delivery: undefined,
    };
    this.calls.set(referenceId, call);
    this.liveCount++;
    return call;
  }

  private newReferenceId(): string {
    for (;;) {
      const id = this.deps.random.hex(32).toUpperCase();
      if (!this.calls.has(id)) return id;
    }
  }

  private answer(call: SimCall): void {
    if (call.answeredAt === undefined) call.answeredAt = this.deps.clock.now();
    if (call.activity.kind === 'ringing') call.activity = { kind: 'idle' };
  }

  private emit<E extends EventName>(
    call: SimCall,
    name: E,
    data: Extract<VoiceEvent, { event: E }>['data'],
  ): void {
    const event = { event: name, reference_id: call.referenceId } as VoiceEvent;
    if (call.externalId !== undefined) event.external_id = call.externalId;
    event.data = data as VoiceEvent['data'];
    const sequence = call.feed.length + 1;
    call.feed.push({ sequence, event });
    this.record(call, { kind: 'event', sequence, event });
    if (name !== 'call_completed') call.awaiting = { event: name, sequence };
    this.deps.deliver(call, event, sequence);
  }

  private armPartyHangup(call: SimCall, party: Party, timers: Set<TimerHandle>): void {
    const at = party.caller.hangupAtMs;
    if (at === undefined) return;
    this.schedule(call, at, () => this.partyHangup(call, party, `hung up at ${at} ms`), timers);
  }

  private startPrompt(call: SimCall, action: PromptAction): void {
    if (call.activity.kind === 'prompt') this.stopPrompt(call, call.activity.prompt);
    const plan = promptPlan(action, this.deps.prompts);
    const collect = action.params.collect_digits;
    const now = this.deps.clock.now();
    const prompt: ActivePrompt = {
      action,
      startedAt: now,
      durationMs: plan.durationMs,
      failed: plan.failed,
      collect:
        collect === undefined || plan.failed
          ? undefined
          : {
              max: collect.max,
              timeout: collect.timeout ?? COLLECT_DIGITS_DEFAULTS.timeout,
              interDigit: collect.inter_digit_timeout ?? COLLECT_DIGITS_DEFAULTS.inter_digit_timeout,
            },
      digits: '',
      playing: true,
      endTimer: undefined,
      waitTimer: undefined,
    };
    call.activity = { kind: 'prompt', prompt };
    prompt.endTimer = this.schedule(call, plan.durationMs, () => this.promptEnded(call, prompt));
    if (plan.failed) return;
    const party = call.party;
    const heard = {
      index: party.heard.length + 1,
      method: action.method,
      urls:
        action.method === 'speak' ? [] : action.method === 'play' ? [action.params.url] : action.params.urls,
      durationMs: plan.durationMs,
      collectsDigits: prompt.collect !== undefined,
      startedAt: now,
    } as Party['heard'][number];
    if (action.method === 'speak') {
      heard.text = action.params.tts.message;
      if (action.params.tts.language !== undefined) heard.language = action.params.tts.language;
    }
    party.heard.push(heard);
    const entry: TranscriptInput = {
      kind: 'heard',
      party: party.role,
      prompt: heard.index,
      method: heard.method,
      urls: heard.urls,
    };
    if (heard.text !== undefined) entry.text = heard.text;
    this.record(call, entry);
    const reaction = party.caller.onPrompt?.(heard, this.contextOf(call, party));
    if (reaction) this.react(call, party, reaction, now, plan.durationMs);
  }

  private react(
    call: SimCall,
    party: Party,
    reaction: CallerReaction,
    startedAt: number,
    durationMs: number,
  ): void {
    const offset = startedAt - this.deps.clock.now();
    for (const step of planReaction(reaction, durationMs)) {
      const digit = step.digit;
      if (digit !== undefined) this.schedule(call, offset + step.atMs, () => this.press(call, party, digit));
      else
        this.schedule(call, offset + step.atMs, () =>
          this.partyHangup(call, party, 'hung up after a prompt'),
        );
    }
  }

  private promptEnded(call: SimCall, prompt: ActivePrompt): void {
    prompt.playing = false;
    prompt.endTimer = undefined;
    if (prompt.collect === undefined) {
      this.completePrompt(call, prompt);
      return;
    }
    prompt.waitTimer = this.schedule(call, prompt.collect.timeout, () => this.completePrompt(call, prompt));
  }

  private stopPrompt(call: SimCall, prompt: ActivePrompt): void {
    this.clear(call, prompt.endTimer);
    this.clear(call, prompt.waitTimer);
    prompt.playing = false;
  }

  private completePrompt(call: SimCall, prompt: ActivePrompt): void {
    if (call.activity.kind !== 'prompt' || call.activity.prompt !== prompt) return;
    this.stopPrompt(call, prompt);
    call.activity = { kind: 'idle' };
    const speak = prompt.action.method === 'speak';
    const status = speak
      ? prompt.failed
        ? STATUS.speak.failed
        : STATUS.speak.successful
      : prompt.failed
        ? STATUS.play.failed
        : STATUS.play.successful;
    const data = { from: call.ourNumber, to: call.party.number, status, collected_digits: prompt.digits };
    if (speak)
      this.emit(call, 'speak_completed', data as Extract<VoiceEvent, { event: 'speak_completed' }>['data']);
    else this.emit(call, 'play_completed', data as Extract<VoiceEvent, { event: 'play_completed' }>['data']);
  }

  private transfer(call: SimCall, action: DialAction): void {
    if (call.activity.kind === 'prompt') this.stopPrompt(call, call.activity.prompt);
    if (call.leg) this.endLeg(call, call.leg);
    const params = action.params;
    // `external_id` is echoed in the response and later events: a transfer's replaces the call's.
    if (params.external_id !== undefined) call.externalId = params.external_id;
    const callee = this.deps.calleeOf(params.to);
    const leg: Leg = {
      to: params.to,
      from: params.caller_id_number,
      state: 'ringing',
      party: { role: 'callee', number: params.to, caller: callerFromSpec(callee.caller), heard: [] },
      timers: new Set(),
    };
    call.activity = { kind: 'transfer', leg };
    const outcome: DialStatus = callee.outcome ?? STATUS.dial.answered;
    this.schedule(
      call,
      callee.ringMs ?? DEFAULT_RING_MS[outcome],
      () => {
        call.activity = { kind: 'idle' };
        if (outcome === STATUS.dial.answered) {
          leg.state = 'bridged';
          call.leg = leg;
          this.armPartyHangup(call, leg.party, leg.timers);
          if (params.send_dtmf) this.sendDtmf(call, leg.party, params.send_dtmf);
        }
        this.emit(call, 'dial_completed', { to: leg.to, from: leg.from, status: outcome });
      },
      leg.timers,
    );
    call.leg = leg;
  }

  private endLeg(call: SimCall, leg: Leg): void {
    for (const timer of leg.timers) {
      this.deps.clock.clear(timer);
      call.timers.delete(timer);
    }
    leg.timers.clear();
    if (call.leg === leg) call.leg = undefined;
    if (call.activity.kind === 'transfer' && call.activity.leg === leg) call.activity = { kind: 'idle' };
  }

  private sendDtmf(call: SimCall, party: Party, digits: string): void {
    this.record(call, { kind: 'dtmf_sent', digits, to: party.number });
    party.caller.onDtmf?.(digits, this.contextOf(call, party));
  }

  private contextOf(
    call: SimCall,
    party: Party,
  ): { referenceId: string; now(): number; heard: Party['heard'] } {
    const clock = this.deps.clock;
    return { referenceId: call.referenceId, now: () => clock.now(), heard: party.heard };
  }
}

export type { Caller };
