// Issue acceptance: 200 clients on 20 layers, 200 updates/s in total, 10 s measured after warm-up.
// Per layer 3 measuring clients write and measure; the other 7 are passive sockets.
import { compare } from './compare.ts';
import type { Scenario } from './types.ts';

export const relay: Scenario = {
  name: 'relay',
  description: '200 clients / 20 layers, 200 updates/s: propagation and durable-ack latency vs @y/websocket-server',
  run: () => compare({ layers: 20, full: 3, light: 0, passive: 7, rate: 200, warmupMs: 3000, measureMs: 10_000 }),
};

// Edits as annotators make them: rare. 20 layers × 5 clients (3 measuring), one update per layer
// per second. With the machine mostly idle, each delivery wakes the server and the clients from
// sleep, and the server's code runs cold: this is where the length of its path shows most.
export const sparse: Scenario = {
  name: 'sparse',
  description: '100 clients / 20 layers, 20 updates/s: latency when edits are rare (idle machine, cold code) vs @y/websocket-server',
  run: () => compare({ layers: 20, full: 3, light: 0, passive: 2, rate: 20, warmupMs: 3000, measureMs: 20_000 }),
};
