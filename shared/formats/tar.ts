// A minimal POSIX ustar archive writer and reader (regular files only), for brat's many small
// files; pure so it runs in the browser. Reader also follows pax `path` and GNU long names.
import { FormatError } from './types.ts';

const BLOCK = 512;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

export interface TarFile {
  name: string;
  data: Uint8Array;
}

function writeString(h: Uint8Array, offset: number, length: number, value: string): void {
  // Header fields are nearly always ASCII (octal numbers, magic, our own names): written directly,
  // as TextEncoder would write them, without an encoder call per field.
  if (value.length <= length && /^[\x00-\x7f]*$/.test(value)) {
    for (let i = 0; i < value.length; i++) h[offset + i] = value.charCodeAt(i);
    return;
  }
  const bytes = encoder.encode(value);
  if (bytes.length > length) throw new RangeError(`tar field too long: ${value}`);
  h.set(bytes, offset);
}
function writeOctal(h: Uint8Array, offset: number, length: number, value: number): void {
  writeString(h, offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
}

/** Splits a long path into ustar's prefix (≤155 bytes) and name (≤100 bytes) at a '/'. */
function splitName(path: string): [string, string] {
  if (encoder.encode(path).length <= 100) return ['', path];
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (encoder.encode(prefix).length <= 155 && encoder.encode(name).length <= 100) return [prefix, name];
  }
  throw new RangeError(`path too long for ustar: ${path}`);
}

/** One archive member: header block, data, zero padding to a block boundary. */
export function tarEntry(path: string, data: Uint8Array | string, mtimeSeconds = 0): Uint8Array {
  const body = typeof data === 'string' ? encoder.encode(data) : data;
  const h = new Uint8Array(BLOCK);
  const [prefix, name] = splitName(path);
  writeString(h, 0, 100, name);
  writeOctal(h, 100, 8, 0o644);
  writeOctal(h, 108, 8, 0);
  writeOctal(h, 116, 8, 0);
  writeOctal(h, 124, 12, body.length);
  writeOctal(h, 136, 12, Math.floor(mtimeSeconds));
  h.fill(0x20, 148, 156); // the checksum is computed with its own field as spaces
  h[156] = 0x30; // '0': regular file
  writeString(h, 257, 6, 'ustar\0');
  writeString(h, 263, 2, '00');
  writeString(h, 345, 155, prefix);
  let sum = 0;
  for (const b of h) sum += b;
  writeString(h, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  const out = new Uint8Array(BLOCK + Math.ceil(body.length / BLOCK) * BLOCK);
  out.set(h);
  out.set(body, BLOCK);
  return out;
}

/** The end-of-archive marker: two zero blocks. */
export function tarEnd(): Uint8Array {
  return new Uint8Array(BLOCK * 2);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function readString(b: Uint8Array, offset: number, length: number): string {
  const field = b.subarray(offset, offset + length);
  const nul = field.indexOf(0);
  return decoder.decode(nul < 0 ? field : field.subarray(0, nul));
}

/** Regular files of a ustar/pax/GNU archive, in order. Errors name the byte offset (line is 1). */
export function readTar(bytes: Uint8Array, file = 'archive'): TarFile[] {
  const files: TarFile[] = [];
  let longName: string | undefined;
  for (let at = 0; at + BLOCK <= bytes.length; ) {
    const h = bytes.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) return files;
    const fail = (why: string): never => {
      throw new FormatError(1, `not a tar archive: ${why} at byte ${at}`, file);
    };
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (h[i] as number);
    const stored = parseInt(readString(h, 148, 8).trim(), 8);
    if (stored !== sum) fail('bad header checksum');
    const size = parseInt(readString(h, 124, 12).trim() || '0', 8);
    if (!Number.isFinite(size) || size < 0 || at + BLOCK + size > bytes.length) fail('bad member size');
    const data = bytes.slice(at + BLOCK, at + BLOCK + size);
    const type = String.fromCharCode(h[156] as number);
    const prefix = readString(h, 345, 155);
    const name = longName ?? (prefix === '' ? readString(h, 0, 100) : `${prefix}/${readString(h, 0, 100)}`);
    longName = undefined;
    if (type === 'L') longName = decoder.decode(data).replace(/\0+$/, '');
    else if (type === 'x') longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(decoder.decode(data))?.[1];
    else if (type === '0' || type === '\0') files.push({ name, data });
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return files;
}
