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

/** `[ours]` The Call Query API's answer for one call. Fields besides these are passed through. */
export interface CallQueryResult {
  reference_id: string;
  /** The call's state, e.g. `ringing`, `in_progress`, `completed`. */
  status: string;
  [field: string]: unknown;
}

/** `[ours]` One event from the Call Query API's event feed, with its sequence number. */
export interface QueriedEvent {
  sequence: number;
  event: unknown;
}

/** `[ours]` A page of the Call Query API's event feed. */
export interface CallEventsPage {
  reference_id?: string;
  events: QueriedEvent[];
  [field: string]: unknown;
}
