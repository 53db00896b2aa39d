// server/hub/engine-write.ts writes fan-out frames and acks below socket.io. What must hold: a
// direct write never overtakes a packet engine.io still holds, the direct path is really taken
// when nothing is queued, and an ack written there is the one socket.io's client expects.
// A real socket.io server with the hub's parser on port 0 and the real client.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { Decoder, wireParser } from '../../shared/wire-parser.ts';
import { YBroadcastFrame, sendAck } from '../../server/hub/engine-write.ts';
import { connectSocket, type ClientSocket } from '../../client/sync/socket.ts';
import type { Ack } from '../../shared/protocol.ts';

async function pair(): Promise<{ server: Socket; client: ClientSocket; close: () => Promise<void> }> {
  const http = createServer();
  const io = new Server(http, { parser: wireParser });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const connected = new Promise<Socket>((resolve) => io.on('connection', resolve));
  const client = connectSocket(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { forceNew: true, reconnection: false });
  const server = await connected;
  await new Promise<void>((resolve) => (client.connected ? resolve() : client.once('connect', () => resolve())));
  return {
    server,
    client,
    close: async () => {
      client.disconnect();
      await io.close();
    },
  };
}

const text = (payload: unknown) => new TextDecoder().decode(payload as Uint8Array);
const settle = () => new Promise((r) => setTimeout(r, 30));

test('a fan-out frame waits behind the packets engine.io still holds, and is written directly when none are', async () => {
  const { server, client, close } = await pair();
  try {
    const got: string[] = [];
    client.on('y', (layer, payload) => got.push(`${layer}:${text(payload)}`));
    let packets = 0;
    server.conn.on('packetCreate', () => packets++);

    // The first emit is written at once and leaves the transport busy until its write completes;
    // the second waits in engine.io's buffer. The frame must not overtake it.
    server.emit('y', 'l', new TextEncoder().encode('A'));
    server.emit('y', 'l', new TextEncoder().encode('B'));
    new YBroadcastFrame('l', new TextEncoder().encode('C')).sendTo(server);
    assert.equal(packets, 3, 'with a packet queued, the frame went through engine.io');
    await settle();
    assert.deepEqual(got, ['l:A', 'l:B', 'l:C']);

    // Nothing queued now: the frame goes straight to the websocket (no engine.io packet).
    new YBroadcastFrame('l', new TextEncoder().encode('D')).sendTo(server);
    assert.equal(packets, 3, 'the idle connection was written directly');
    const big = new Uint8Array(70_000).fill(0x45); // a 64-bit websocket length
    new YBroadcastFrame('l', big).sendTo(server);
    await settle();
    assert.deepEqual(got.slice(3, 4), ['l:D']);
    assert.equal(got.length, 5);
    assert.equal(got[4]!.length, 2 + big.length, 'the large frame arrives whole');
  } finally {
    await close();
  }
});

test('an ack written below socket.io reaches the client callback, after what was sent before it', async () => {
  const { server, client, close } = await pair();
  try {
    const decoder = (server.client as unknown as { decoder: unknown }).decoder;
    assert.ok(decoder instanceof Decoder);
    const order: string[] = [];
    client.on('y', (_layer, payload) => order.push(`y:${text(payload)}`));
    decoder.onYFrame = (f) => {
      if (text(f.payload) === 'queued') {
        // Two packets first, the second still in engine.io's buffer: the ack must follow them.
        server.emit('y', 'l', new TextEncoder().encode('1'));
        server.emit('y', 'l', new TextEncoder().encode('2'));
      }
      const res: Ack<{ durable: true }> = text(f.payload) === 'bad' ? { error: { code: 'invalid_update', message: 'no "quotes" \u2028 here' } } : { data: { durable: true } };
      sendAck(server, f.id!, res);
    };
    const ask = (payload: string) =>
      new Promise<Ack<{ durable: true }>>((resolve) =>
        client.emit('y', 'l', new TextEncoder().encode(payload), (res) => {
          order.push(`ack:${'data' in res}`); // here, not after the promise: frames of one read arrive in one turn
          resolve(res);
        }),
      );

    assert.deepEqual(await ask('ok'), { data: { durable: true } });
    assert.deepEqual(await ask('bad'), { error: { code: 'invalid_update', message: 'no "quotes" \u2028 here' } });
    await ask('queued');
    assert.deepEqual(order, ['ack:true', 'ack:false', 'y:1', 'y:2', 'ack:true']);
  } finally {
    await close();
  }
});
