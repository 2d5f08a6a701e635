// OTP-style restart intensity: more than `max` restarts within `windowMs`
// means the module is flapping; the supervisor then opens its breaker and
// keeps it open for a backoff that doubles (capped) with every storm.

export class RestartIntensity {
  private stamps: number[] = [];
  private storms = 0;
  private lastStormAt = 0;

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly baseBackoffMs = 1000,
    private readonly maxBackoffMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a restart; returns the backoff in ms when intensity is exceeded, else 0. */
  record(): number {
    const t = this.now();
    this.stamps = this.stamps.filter((s) => t - s < this.windowMs);
    this.stamps.push(t);
    if (this.stamps.length <= this.max) return 0;
    // A quiet spell of twice the window forgives earlier storms.
    if (t - this.lastStormAt > this.windowMs * 2) this.storms = 0;
    this.lastStormAt = t;
    this.stamps = [];
    const backoff = Math.min(this.maxBackoffMs, this.baseBackoffMs * 2 ** this.storms);
    this.storms++;
    return backoff;
  }

  recent(): number {
    const t = this.now();
    return this.stamps.filter((s) => t - s < this.windowMs).length;
  }
}
