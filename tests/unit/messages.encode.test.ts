// encodeSync builds its message in one allocation; the bytes must stay exactly lib0's encoding
// (what y-protocols and every client decode).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as encoding from 'lib0/encoding';
import { decodeMessage, encodeSync } from '../../shared/messages.ts';
import { MessageKind, SyncType } from '../../shared/protocol.ts';

const lib0Sync = (type: number, body: Uint8Array) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageKind.sync);
  encoding.writeVarUint(e, type);
  encoding.writeVarUint8Array(e, body);
  return encoding.toUint8Array(e);
};

test('encodeSync writes the same bytes as lib0 for every length class', () => {
  for (const n of [0, 1, 127, 128, 16383, 16384, 2_097_151, 2_097_152]) {
    for (const type of [SyncType.step1, SyncType.step2, SyncType.update]) {
      const body = new Uint8Array(n).map((_, i) => (i * 31) & 0xff);
      const got = encodeSync(type, body);
      assert.deepEqual(got, lib0Sync(type, body), `length ${n}, type ${type}`);
      const m = decodeMessage(got);
      assert.equal(m.kind, MessageKind.sync);
      assert.equal('update' in m ? m.update.length : m.stateVector.length, n);
    }
  }
});
