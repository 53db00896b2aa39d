// A strict JSON parser that remembers the line where every object and array starts, so readers of
// whole-file JSON (Label Studio, W3C, pretty-printed doccano) can report line-precise errors.
import { FormatError } from './types.ts';

export interface LocatedJson {
  value: unknown;
  /** 1-based line where an object or array of `value` starts (1 for anything unknown). */
  lineOf(node: unknown): number;
}

const MAX_DEPTH = 512;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** What ends a run of plain string characters. */
const SPECIAL = /["\\\u0000-\u001f]/g;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export function parseJsonLocated(src: string, file?: string): LocatedJson {
  const lines = new WeakMap<object, number>();
  let i = 0;
  let line = 1;
  const fail = (why: string): never => {
    throw new FormatError(line, `bad JSON: ${why}`, file);
  };
  const ws = (): void => {
    for (;;) {
      const c = src[i];
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r') return;
      i++;
    }
  };
  const describe = (): string => (i >= src.length ? 'unexpected end of input' : `unexpected ${JSON.stringify(src[i])}`);

  const str = (): string => {
    i++; // opening quote
    let out = '';
    for (;;) {
      SPECIAL.lastIndex = i;
      const m = SPECIAL.exec(src);
      if (m === null) return fail('unterminated string');
      out += src.slice(i, m.index);
      i = m.index;
      const c = src[i] as string;
      if (c === '"') {
        i++;
        return out;
      }
      if (c !== '\\') fail(`control character U+${c.charCodeAt(0).toString(16).padStart(4, '0')} in a string`);
      const e = src[i + 1] ?? '';
      if (e === 'u') {
        const hex = src.slice(i + 2, i + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
        out += String.fromCharCode(parseInt(hex, 16));
        i += 6;
      } else {
        const v = ESCAPES[e];
        if (v === undefined) fail(`bad escape \\${e}`);
        out += v;
        i += 2;
      }
    }
  };

  const value = (depth: number): unknown => {
    if (depth > MAX_DEPTH) fail('nested too deeply');
    ws();
    const c = src[i];
    if (c === '{') {
      const obj: Record<string, unknown> = {};
      lines.set(obj, line);
      i++;
      ws();
      if (src[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (src[i] !== '"') fail(`expected a property name, ${describe()}`);
        const key = str();
        ws();
        if (src[i] !== ':') fail(`expected ':', ${describe()}`);
        i++;
        // defineProperty, not assignment: a "__proto__" key must stay data, as in JSON.parse.
        Object.defineProperty(obj, key, { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
        ws();
        if (src[i] === ',') i++;
        else if (src[i] === '}') {
          i++;
          return obj;
        } else fail(`expected ',' or '}', ${describe()}`);
      }
    }
    if (c === '[') {
      const arr: unknown[] = [];
      lines.set(arr, line);
      i++;
      ws();
      if (src[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        if (src[i] === ',') i++;
        else if (src[i] === ']') {
          i++;
          return arr;
        } else fail(`expected ',' or ']', ${describe()}`);
      }
    }
    if (c === '"') return str();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (src.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(src);
    if (m === null) return fail(describe());
    i += m[0].length;
    return Number(m[0]);
  };

  const result = value(0);
  ws();
  if (i < src.length) fail(`${describe()} after the JSON value`);
  return { value: result, lineOf: (node) => (typeof node === 'object' && node !== null ? (lines.get(node) ?? 1) : 1) };
}
