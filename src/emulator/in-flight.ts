/**
 * The cap on request bytes held in memory across all connections (docs/emulator.md, "Bounded memory"). The server
 * reads each request whole before routing it, so without a cap N concurrent uploads cost N times the largest
 * body. Each request takes a {@link Reservation}: its declared Content-Length up front, then any bytes beyond
 * that as they arrive (a chunked body declares none). A reservation that would take the total over the cap is
 * refused, and the server answers the way a throttling cloud does, before the function runs.
 *
 * A request alone in flight is always admitted (up to the per-request limit), so a cap below the largest API
 * limit throttles concurrency but never makes a large request impossible.
 */

/** What {@link InFlightBytes.stats} reports. */
export interface InFlightStats {
  /** Request bytes held now (declared or received, whichever is larger, per request being read or served). */
  bytesInFlight: number;
  /** Requests being read or served now. */
  requestsInFlight: number;
  /** The cap. */
  maxBytesInFlight: number;
  /** Requests refused since start because they would have gone over the cap. */
  overloadRefusals: number;
}

/** The byte gauge of one running emulator. */
export class InFlightBytes {
  private bytes = 0;
  private requests = 0;
  private refusals = 0;

  constructor(private readonly maxBytes: number) {}

  /** Opens the reservation of one request; release it when the request is done. */
  open(): Reservation {
    this.requests += 1;
    let held = 0;
    let open = true;
    return {
      reserve: (count) => {
        if (!open) return false;
        const others = this.bytes - held;
        if (others > 0 && this.bytes + count > this.maxBytes) {
          this.refusals += 1;
          return false;
        }
        this.bytes += count;
        held += count;
        return true;
      },
      held: () => held,
      release: () => {
        if (!open) return;
        open = false;
        this.bytes -= held;
        held = 0;
        this.requests -= 1;
      },
    };
  }

  stats(): InFlightStats {
    return {
      bytesInFlight: this.bytes,
      requestsInFlight: this.requests,
      maxBytesInFlight: this.maxBytes,
      overloadRefusals: this.refusals,
    };
  }
}

/** One request's share of the gauge. */
export interface Reservation {
  /** Takes `count` more bytes; false (and nothing taken) when that would go over the cap. */
  reserve(count: number): boolean;
  /** Bytes taken so far. */
  held(): number;
  /** Gives every byte back; later calls do nothing. */
  release(): void;
}
