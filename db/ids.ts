// Random ids for stored entities: a type letter and 11 base-36 characters (about 56 bits), in
// the character set that layer names accept.
import { randomBytes } from 'node:crypto';

export function newEntityId(prefix: 'u' | 'p' | 'd'): string {
  const b = randomBytes(11);
  let s = prefix;
  for (const x of b) s += (x % 36).toString(36);
  return s;
}
