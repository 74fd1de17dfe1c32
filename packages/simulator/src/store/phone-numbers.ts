/**
 * The account's phone numbers: an inventory to search, leases to take and cancel. Only leased numbers may be
 * caller ids (`caller_id_number_not_owned` otherwise) or receive inbound calls.
 *
 * @module
 */
import { formatCdrTime, isWirePhoneNumber } from '@ivrkit/protocol';

/**
 * One number as the Phone Numbers API answers it (reference §6).
 *
 * @example
 * const { data } = (await (await sim.fetch(searchRequest)).json()) as { data: PhoneNumberRecord[] };
 */
export interface PhoneNumberRecord {
  phone_number: string;
  recurring_price: number;
  number_type: string;
  setup_price: number;
  price_currency: string;
  country_iso2: string;
  lease?: { lease_id: string; created_on_utc: string; expires_on_utc: string };
  capabilities: { sms: boolean; voice: boolean };
  recurrence_period: string;
}

/**
 * `[sim]` The numbers the simulator offers for lease: 15550100000 to 15550100049, US, voice capable.
 *
 * @example
 * // GET /v1/phone_numbers/numbers?country_iso2=US offers up to INVENTORY_SIZE numbers.
 */
export const INVENTORY_SIZE = 50;

/**
 * `[sim]` A lease's length.
 *
 * @example
 * // A lease's expires_on_utc is LEASE_DAYS after its created_on_utc.
 */
export const LEASE_DAYS = 30;

/**
 * The account's numbers.
 *
 * @example
 * const numbers = new PhoneNumbers(() => Date.now(), ['15555551212']);
 * numbers.owns('15555551212'); // true
 */
export class PhoneNumbers {
  private readonly leases = new Map<string, PhoneNumberRecord>();
  private readonly byNumber = new Map<string, PhoneNumberRecord>();
  private nextLease = 1;

  constructor(
    private readonly now: () => number,
    preLeased: readonly string[] = [],
  ) {
    for (const number of preLeased) {
      if (!isWirePhoneNumber(number))
        throw new RangeError(`"${number}" is not a wire phone number (digits only)`);
      this.lease(number, number.startsWith('1') ? 'US' : 'ZZ');
    }
  }

  /** Whether `number` is leased by the account. */
  owns(number: string): boolean {
    return this.byNumber.has(number);
  }

  /** The leased numbers. */
  leased(): PhoneNumberRecord[] {
    return [...this.leases.values()];
  }

  /** Unleased numbers of the inventory for a country (only `US` has any). */
  search(countryIso2: string): PhoneNumberRecord[] {
    if (countryIso2.toUpperCase() !== 'US') return [];
    const out: PhoneNumberRecord[] = [];
    for (let i = 0; i < INVENTORY_SIZE; i++) {
      const number = String(15550100000 + i);
      if (!this.byNumber.has(number)) out.push(record(number, 'US'));
    }
    return out;
  }

  /** Whether `number` may be leased: in the inventory, or any wire number outside the US. */
  available(number: string, countryIso2: string): boolean {
    if (this.byNumber.has(number)) return false;
    return this.search(countryIso2).some((item) => item.phone_number === number);
  }

  /** Leases `number`. */
  lease(number: string, countryIso2: string): PhoneNumberRecord {
    const at = this.now();
    const leased: PhoneNumberRecord = {
      ...record(number, countryIso2.toUpperCase()),
      lease: {
        lease_id: `L${String(this.nextLease++).padStart(8, '0')}`,
        created_on_utc: formatCdrTime(at),
        expires_on_utc: formatCdrTime(at + LEASE_DAYS * 86_400_000),
      },
    };
    this.leases.set(leased.lease?.lease_id as string, leased);
    this.byNumber.set(number, leased);
    return leased;
  }

  /** Cancels a lease; `undefined` when there is no such lease. */
  cancel(leaseId: string): PhoneNumberRecord | undefined {
    const leased = this.leases.get(leaseId);
    if (leased === undefined) return undefined;
    this.leases.delete(leaseId);
    this.byNumber.delete(leased.phone_number);
    return leased;
  }
}

function record(number: string, countryIso2: string): PhoneNumberRecord {
  return {
    phone_number: number,
    recurring_price: 1,
    number_type: 'local',
    setup_price: 0,
    price_currency: 'USD',
    country_iso2: countryIso2,
    capabilities: { sms: true, voice: true },
    recurrence_period: 'monthly',
  };
}
