// Per-module circuit breaker over a count-based sliding window.
// closed → open when, with at least `minCalls` outcomes in the window, the
// share of failures (errors, timeouts, crashes, slow calls) reaches `failureRate`.
// open → half_open after a wait that doubles on every re-open (up to maxOpenMs).
// half_open admits `probes` calls; all succeed → closed, any fails → open again.

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerOptions {
  window: number;
  minCalls: number;
  failureRate: number;
  slowCallMs: number;
  openMs: number;
  maxOpenMs: number;
  probes: number;
}

export interface Transition {
  from: BreakerState;
  to: BreakerState;
  reason: string;
}

/** `round` stamps probes so a late answer from an earlier half-open round is not counted in a new one. */
export type Permit = { ok: true; probe: boolean; round: number } | { ok: false; retryAfterMs: number };

export class CircuitBreaker {
  private _state: BreakerState = 'closed';
  private outcomes: boolean[] = []; // true = failure
  private openedAt = 0;
  private openFor = 0;
  private consecutiveOpens = 0;
  private probesInFlight = 0;
  private probeSuccesses = 0;
  private round = 0;
  private holdUntil = 0;

  constructor(
    private readonly opts: BreakerOptions,
    private readonly onTransition: (t: Transition) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  get state(): BreakerState {
    this.refresh();
    return this._state;
  }

  /** ms until an open breaker admits probes (0 when not open). */
  retryAfterMs(): number {
    if (this._state !== 'open') return 0;
    return Math.max(0, this.openedAt + this.openFor - this.now());
  }

  failureRate(): number {
    if (this.outcomes.length === 0) return 0;
    return this.outcomes.filter(Boolean).length / this.outcomes.length;
  }

  callsInWindow(): number {
    return this.outcomes.length;
  }

  tryAcquire(): Permit {
    this.refresh();
    if (this._state === 'closed') return { ok: true, probe: false, round: this.round };
    if (this._state === 'open') return { ok: false, retryAfterMs: this.retryAfterMs() };
    if (this.probesInFlight + this.probeSuccesses >= this.opts.probes) return { ok: false, retryAfterMs: 1000 };
    this.probesInFlight++;
    return { ok: true, probe: true, round: this.round };
  }

  /** Record a finished call; `failed` covers errors, timeouts and crashes. */
  record(permit: Permit, failed: boolean, durationMs: number): void {
    if (!permit.ok || permit.round !== this.round) return;
    const failure = failed || durationMs >= this.opts.slowCallMs;
    if (permit.probe) {
      this.probesInFlight = Math.max(0, this.probesInFlight - 1);
      if (this._state !== 'half_open') return;
      if (failure) return this.open('probe failed');
      this.probeSuccesses++;
      if (this.probeSuccesses >= this.opts.probes) {
        this.consecutiveOpens = 0;
        this.outcomes = [];
        this.move('closed', `${this.opts.probes} probes succeeded`);
      }
      return;
    }
    if (this._state !== 'closed') return;
    this.outcomes.push(failure);
    if (this.outcomes.length > this.opts.window) this.outcomes.shift();
    if (this.outcomes.length >= this.opts.minCalls && this.failureRate() >= this.opts.failureRate) {
      this.open(`failure rate ${Math.round(this.failureRate() * 100)}% over ${this.outcomes.length} calls`);
    }
  }

  /** A permit that ended without a verdict (the call was shed): frees a probe slot, counts nothing. */
  release(permit: Permit): void {
    if (permit.ok && permit.probe && permit.round === this.round) this.probesInFlight = Math.max(0, this.probesInFlight - 1);
  }

  /** Used by the supervisor on restart storms; `minMs` keeps it open at least that long. */
  forceOpen(reason: string, minMs = 0): void {
    this.open(reason, minMs);
  }

  /**
   * The transport knows the module answers again (a remote service came back):
   * admit the half-open probes now instead of sitting out the doubled wait. A
   * forced minimum (restart storm) still holds, and a failing probe re-opens
   * with the longer wait as usual.
   */
  halfOpenNow(): void {
    if (this._state !== 'open' || this.now() < this.holdUntil) return;
    this.probesInFlight = 0;
    this.probeSuccesses = 0;
    this.move('half_open', 'module reachable again');
  }

  private open(reason: string, minMs = 0): void {
    this.holdUntil = minMs > 0 ? this.now() + minMs : 0;
    this.openFor = Math.max(minMs, Math.min(this.opts.maxOpenMs, this.opts.openMs * 2 ** this.consecutiveOpens));
    this.consecutiveOpens++;
    this.openedAt = this.now();
    this.probesInFlight = 0;
    this.probeSuccesses = 0;
    this.outcomes = [];
    this.move('open', reason);
  }

  private refresh(): void {
    if (this._state === 'open' && this.now() >= this.openedAt + this.openFor) {
      this.probesInFlight = 0;
      this.probeSuccesses = 0;
      this.move('half_open', 'wait elapsed');
    }
  }

  private move(to: BreakerState, reason: string): void {
    const from = this._state;
    this.round++;
    this._state = to;
    if (from !== to || to === 'open') this.onTransition({ from, to, reason });
  }
}
