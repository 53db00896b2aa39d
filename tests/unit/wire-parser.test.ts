// The hub's socket.io parser: a `y` event is one binary frame; everything else is socket.io's
// default encoding, and a default-parser binary packet (header + attachments) still decodes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Encoder as DefaultEncoder, PacketType, type Packet } from 'socket.io-parser';
import { Decoder, Encoder, Y_FRAME_TAG, decodeYFrame, encodeYFrame } from '../../shared/wire-parser.ts';

const payload = new Uint8Array([0, 2, 5, 1, 2, 3, 4, 5]);

function decodeAll(frames: Array<string | Uint8Array>): Packet[] {
  const d = new Decoder();
  const out: Packet[] = [];
  d.on('decoded', (p: Packet) => out.push(p));
  for (const f of frames) d.add(f);
  return out;
}

test('a y frame round-trips layer, payload and ack id', () => {
  for (const id of [undefined, 0, 1, 127, 128, 2 ** 31]) {
    const frame = encodeYFrame('doc1/ann-ü', payload, id);
    assert.equal(frame[0], Y_FRAME_TAG);
    const f = decodeYFrame(frame);
    assert.equal(f.layer, 'doc1/ann-ü');
    assert.deepEqual([...f.payload], [...payload]);
    assert.equal(f.id, id);
  }
});

test('the y event with a binary payload is one binary frame; other packets are text', () => {
  const enc = new Encoder();
  const y = enc.encode({ type: PacketType.EVENT, nsp: '/', data: ['y', 'd/shared', payload], id: 7 });
  assert.equal(y.length, 1);
  assert.ok(y[0] instanceof Uint8Array);
  const fromArrayBuffer = enc.encode({ type: PacketType.EVENT, nsp: '/', data: ['y', 'd/shared', payload.slice().buffer] });
  assert.deepEqual(decodeYFrame(fromArrayBuffer[0] as Uint8Array).payload, payload);
  assert.deepEqual(enc.encode({ type: PacketType.EVENT, nsp: '/', data: ['join', 'd/shared'], id: 1 }), ['21["join","d/shared"]']);
  assert.deepEqual(enc.encode({ type: PacketType.EVENT, nsp: '/', data: ['y', 'd/shared', 'hello'] }), ['2["y","d/shared","hello"]']);
  assert.equal(typeof enc.encode({ type: PacketType.ACK, nsp: '/', data: [{ data: { durable: true } }], id: 3 })[0], 'string');
  // Another namespace keeps socket.io's own binary encoding (a header, then the attachment).
  assert.equal(enc.encode({ type: PacketType.EVENT, nsp: '/admin', data: ['y', 'd/shared', payload] }).length, 2);
});

test('every packet our encoder makes decodes back to itself', () => {
  const enc = new Encoder();
  const packets: Packet[] = [
    { type: PacketType.CONNECT, nsp: '/', data: { sid: 'abc' } },
    { type: PacketType.EVENT, nsp: '/', data: ['y', 'd/shared', payload], id: 9 },
    { type: PacketType.EVENT, nsp: '/', data: ['layer-error', 'd/shared', { code: 'forbidden', message: 'no' }] },
    { type: PacketType.ACK, nsp: '/', data: [{ data: { durable: true } }], id: 9 },
    { type: PacketType.EVENT, nsp: '/', data: ['y', 'd/shared', payload] },
  ];
  const decoded = decodeAll(packets.flatMap((p) => enc.encode(p)));
  assert.equal(decoded.length, packets.length);
  decoded.forEach((d, i) => {
    const p = packets[i]!;
    assert.equal(d.type, p.type);
    assert.equal(d.id, p.id);
    assert.deepEqual(JSON.parse(JSON.stringify(d.data, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v))), JSON.parse(JSON.stringify(p.data, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v))));
  });
});

test("a default-parser binary event (header + attachment) still decodes, and a y frame after it", () => {
  const legacy = new DefaultEncoder().encode({ type: PacketType.EVENT, nsp: '/', data: ['y', 'd/shared', Buffer.from(payload)], id: 4 }) as Array<string | Uint8Array>;
  assert.equal(legacy.length, 2, 'header and attachment');
  const [a, b] = decodeAll([...legacy, encodeYFrame('d/other', payload)]);
  assert.equal(a!.type, PacketType.EVENT);
  assert.equal(a!.id, 4);
  assert.deepEqual([...(a!.data as [string, string, Uint8Array])[2]], [...payload]);
  assert.deepEqual((b!.data as unknown[]).slice(0, 2), ['y', 'd/other']);
});

test('a malformed binary frame throws (socket.io then closes that connection)', () => {
  assert.throws(() => decodeAll([new Uint8Array([1, 2, 3])]));
  assert.throws(() => decodeAll([new Uint8Array([Y_FRAME_TAG, 0, 50, 97])]), /Unexpected end/);
  assert.throws(() => decodeAll([new Uint8Array([Y_FRAME_TAG, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])]));
});
