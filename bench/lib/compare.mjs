// The in-process versus through-the-kernel comparison, interleaved: warm both
// up, then alternate rounds (in-process, kernel, in-process, kernel, …) so a
// change in the machine's other load during the run hits both sides alike.
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
 * `local(seconds)` and `kernel(seconds, warm)` each run one round and resolve
 * with loopFor/cannon stats. Returns both sides combined, the rounds, and the
 * ratio kernel / in-process of operations per second.
 */
export async function interleaved({ rounds, seconds, warmup, local, kernel, progress }) {
  if (warmup > 0) {
    progress?.(`warm-up: ${warmup} s in-process, ${warmup} s through the kernel …`);
    await local(warmup);
    await kernel(warmup, true);
  }
  const per = seconds / rounds;
  const L = [];
  const K = [];
  for (let r = 0; r < rounds; r++) {
    progress?.(`round ${r + 1}/${rounds}: ${per} s in-process, ${per} s through the kernel …`);
    L.push(await local(per));
    K.push(await kernel(per, false));
  }
  const inProcess = combine(L);
  const kernelStats = combine(K);
  return { inProcess, kernel: kernelStats, ratio: kernelStats.opsPerSec / inProcess.opsPerSec, rounds: { inProcess: L, kernel: K } };
}
