// Values must be plain objects: fields hidden in a prototype would pass a check and store as {}.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSpan } from '../../shared/validation.ts';

const ctx = { text: 'Ada Lovelace', schema: null };

test('refuses a span whose fields hide in its prototype', () => {
  const sneaky = Object.create({ start: 0, end: 3, label: 'PERSON', author: 'u', at: 1 }) as unknown;
  assert.match(checkSpan(sneaky, ctx) ?? '', /must be an object/);
});

test('accepts the same span as a plain object', () => {
  assert.equal(checkSpan({ start: 0, end: 3, label: 'PERSON', author: 'u', at: 1 }, ctx), null);
});

test('refuses attrs that are not a plain object', () => {
  const attrs = Object.create({ a: 1 }) as unknown;
  assert.match(checkSpan({ start: 0, end: 3, label: 'PERSON', author: 'u', at: 1, attrs }, ctx) ?? '', /attrs must be an object/);
});
