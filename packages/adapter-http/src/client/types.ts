/**
 * Shapes of the answers of TeleSign's REST endpoints the client calls (reference §5–§7, and our Call Query API).
 *
 * @module
 */
import type { VoiceResponseBody } from '@ivrkit/protocol';

export type { VoiceResponseBody };

/** A phone number lease, as the lease and cancel endpoints answer it (reference §6). */
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

/** The body of the phone-number endpoints: `{ data: [...] }`. */
export interface PhoneNumbersResponse {
  data: PhoneNumberLease[];
  [field: string]: unknown;
}

/** Query of the number search: `country_iso2` and any filter TeleSign accepts (`voice_capable`, …). */
export interface PhoneNumberSearchQuery {
  country_iso2: string;
  voice_capable?: boolean;
  [filter: string]: string | number | boolean | undefined;
}

/** One recording (reference §7). */
export interface CallRecording {
  reference_id: string;
  file_name: string;
  status: 'recording' | 'available' | 'deleted' | (string & {});
  date: string;
  url: string;
  [field: string]: unknown;
}

/** Query of the recordings list. */
export interface RecordingListQuery {
  start_date_time?: string;
  end_date_time?: string;
  pagesize?: number;
  token?: string;
}

/** `[ours]` The Call Query API's answer for one call (`CALL_QUERY` in `@ivrkit/protocol`). */
export interface CallQueryResult {
  reference_id: string;
  external_id?: string;
  /** `CALL_STATE`: `ringing`, `in_progress`, `completed`. */
  state: 'ringing' | 'in_progress' | 'completed' | (string & {});
  direction?: 'inbound' | 'outbound';
  to?: string;
  from?: string;
  created_on_utc?: string;
  answered_on_utc?: string;
  ended_on_utc?: string;
  /** `call_completed`'s status once ended; empty before. */
  status?: string;
  /** The sequence number of the call's latest event. */
  last_sequence: number;
  [field: string]: unknown;
}

/** `[ours]` One event from the Call Query API's event feed, with its sequence number (from 1). */
export interface QueriedEvent {
  sequence: number;
  /** Exactly the JSON that was (or would have been) POSTed: validate it before use. */
  event: unknown;
}

/** `[ours]` A page of the Call Query API's event feed. */
export interface CallEventsPage {
  reference_id: string;
  events: QueriedEvent[];
  last_sequence: number;
  [field: string]: unknown;
}

/** `[ours]` The Call Query API's call list. */
export interface CallList {
  calls: CallQueryResult[];
}
