// Later target: 1,000 clients on 100 layers, 500 updates/s in total. Per layer 3 measuring
// clients and 7 passive sockets (a process of 1,000 full Y.Docs measures itself, not the server).
import { compare } from './compare.ts';
import type { Scenario } from './types.ts';

export const fanout1000: Scenario = {
  name: 'fanout-1000',
  description: '1,000 clients / 100 layers, 500 updates/s: propagation and ack latency vs @y/websocket-server',
  run: () =>
    compare(
      { layers: 100, full: 3, light: 0, passive: 7, rate: 500, warmupMs: 3000, measureMs: 10_000 },
      { propP50: { max: 2 }, propP99: { max: 10 }, ratio: { max: 1 }, ackP99: { max: 10 } },
    ),
};
