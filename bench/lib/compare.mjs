// The in-process versus through-the-kernel comparison, interleaved: warm every
// side up, then alternate rounds (side 1, side 2, side 3, side 1, …) so a change
// in the machine's other load during the run hits all sides alike.
import autocannon from 'autocannon';
import { median } from './common.mjs';

/** One autocannon round as the same shape loopFor gives: ops, seconds, percentiles (ms), failures. */
export async function cannon(url, requests, connections, seconds) {
  const r = await autocannon({ url, connections, duration: seconds, requests });
  const failed = r.non2xx + r.errors + r.timeouts;
  return { ops: r.requests.total, seconds: r.duration, opsPerSec: r.requests.total / r.duration, p50: r.latency.p50, p97_5: r.latency.p97_5, p99: r.latency.p99, max: r.latency.max, bad: failed, ok2xx: r['2xx'] };
}

/** Sums of the rounds; p50 the median of the rounds', the tail percentiles the worst round's. */
function combine(list) {
  const ops = list.reduce((a, x) => a + x.ops, 0);
  const seconds = list.reduce((a, x) => a + x.seconds, 0);
  return {
    ops,
    seconds,
    opsPerSec: ops / seconds,
    p50: median(list.map((x) => x.p50)),
    p97_5: Math.max(...list.map((x) => x.p97_5)),
    p99: Math.max(...list.map((x) => x.p99)),
    max: Math.max(...list.map((x) => x.max)),
    bad: list.reduce((a, x) => a + x.bad, 0),
  };
}

/**
 * `sides` maps a name to `(seconds, warm) => stats` (loopFor or cannon shape),
 * one round each. Returns each side combined over its rounds, and the rounds.
 */
export async function interleaved({ rounds, seconds, warmup, sides, progress }) {
  const names = Object.keys(sides);
  if (warmup > 0) {
    progress?.(`warm-up: ${warmup} s each (${names.join(', ')}) …`);
    for (const n of names) await sides[n](warmup, true);
  }
  const per = seconds / rounds;
  const raw = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    progress?.(`round ${r + 1}/${rounds}: ${per} s each (${names.join(', ')}) …`);
    for (const n of names) raw[n].push(await sides[n](per, false));
  }
  return { ...Object.fromEntries(names.map((n) => [n, combine(raw[n])])), rounds: raw };
}
