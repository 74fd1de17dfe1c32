/**
 * Shapes of the answers of TeleSign's REST endpoints the client calls (reference §5–§7, and our Call Query API).
 *
 * @module
 */
import type { CallQueryCall, CallQueryEvent, CallQueryEventsPage, VoiceResponseBody } from '@ivrkit/protocol';

export type { VoiceResponseBody };

/**
 * A phone number lease, as the lease and cancel endpoints answer it (reference §6).
 *
 * @example
 * const lease: PhoneNumberLease | undefined = (await client.phoneNumbers.lease({ country_iso2: 'US', phone_number })).data[0];
 */
export interface PhoneNumberLease {
  phone_number: string;
  recurring_price?: string | number;
  number_type?: string;
  setup_price?: string | number;
  price_currency?: string;
  country_iso2: string;
  lease?: { lease_id: string; created_on_utc?: string; expires_on_utc?: string };
  capabilities?: { sms?: boolean; voice?: boolean };
  recurrence_period?: string;
  [field: string]: unknown;
}

/**
 * The body of the phone-number endpoints: `{ data: [...] }`.
 *
 * @example
 * const { data }: PhoneNumbersResponse = await client.phoneNumbers.search({ country_iso2: 'US' });
 */
export interface PhoneNumbersResponse {
  data: PhoneNumberLease[];
  [field: string]: unknown;
}

/**
 * Query of the number search: `country_iso2` and any filter TeleSign accepts (`voice_capable`, …).
 *
 * @example
 * const query: PhoneNumberSearchQuery = { country_iso2: 'US', voice_capable: true };
 */
export interface PhoneNumberSearchQuery {
  country_iso2: string;
  voice_capable?: boolean;
  [filter: string]: string | number | boolean | undefined;
}

/**
 * One recording (reference §7).
 *
 * @example
 * const recording: CallRecording = await client.recordings.get(referenceId);
 * if (recording.status === 'available') download(recording.url);
 */
export interface CallRecording {
  reference_id: string;
  file_name: string;
  status: 'recording' | 'available' | 'deleted' | (string & {});
  date: string;
  url: string;
  [field: string]: unknown;
}

/**
 * `[ours]` A page of the recordings list (`CALL_RECORDINGS_LIST` in `@ivrkit/protocol`): pass `next_token` back as
 * `token` for the next page; it is `null` on the last.
 *
 * @example
 * const page: RecordingList = await client.recordings.list({ pagesize: 100 });
 */
export interface RecordingList {
  data: CallRecording[];
  next_token: string | null;
  [field: string]: unknown;
}

/**
 * Query of the recordings list.
 *
 * @example
 * await client.recordings.list({ pagesize: 50 } satisfies RecordingListQuery);
 */
export interface RecordingListQuery {
  start_date_time?: string;
  end_date_time?: string;
  pagesize?: number;
  token?: string;
}

/**
 * `[ours]` The Call Query API's answer for one call: `CallQueryCall` of `@ivrkit/protocol` (the shape's one home),
 * read tolerantly — fields TeleSign may add are kept.
 *
 * @example
 * const call: CallQueryResult = await client.calls.get(referenceId);
 * if (call.state === 'completed') console.log(call.status);
 */
export type CallQueryResult = CallQueryCall & { [field: string]: unknown };

/**
 * `[ours]` One event from the Call Query API's event feed, with its sequence number (from 1).
 *
 * @example
 * for (const { sequence, event } of (await client.calls.events(referenceId, 0)).events satisfies QueriedEvent[]) console.log(sequence, event);
 */
export type QueriedEvent = CallQueryEvent;

/**
 * `[ours]` A page of the Call Query API's event feed.
 *
 * @example
 * const page: CallEventsPage = await client.calls.events(referenceId, lastSeen);
 */
export type CallEventsPage = CallQueryEventsPage & { [field: string]: unknown };

/**
 * `[ours]` The Call Query API's call list.
 *
 * @example
 * const { calls }: CallList = await client.calls.list({ state: 'in_progress' });
 */
export interface CallList {
  calls: CallQueryResult[];
}
