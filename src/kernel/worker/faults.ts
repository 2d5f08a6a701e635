// Fault injection (BILIK_CHAOS=1 only): the kernel attaches a fault to a task
// and the worker acts it out before the handler runs.
import type { Fault } from './protocol.js';

const sink: unknown[] = [];

export async function injectFault(fault: Fault): Promise<void> {
  switch (fault.kind) {
    case 'throw':
      throw new Error('chaos: injected failure');
    case 'exit':
      process.exit(70);
      break;
    case 'hang': {
      // A synchronous loop: only terminating the thread stops it.
      for (;;) {
        if (sink.length < 0) break;
      }
      break;
    }
    case 'oom':
      // Grow the heap until the worker's resourceLimits end the thread.
      for (;;) sink.push(new Array(1 << 20).fill(sink.length));
    case 'slow':
      await new Promise((resolve) => setTimeout(resolve, fault.ms ?? 1000));
      break;
  }
}
