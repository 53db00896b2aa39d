// Checks the values a layer may hold: shape always, and labels/offsets against the project schema
// and document text when they are known. Used by the hub before applying an update and by the
// client before writing, so a valid client never sees a refusal.
import { Limits, type TagSchema } from './domain.ts';
import type { MapWrite } from './update-inspect.ts';
import { splitsSurrogate } from './offsets.ts';

export interface LayerContext {
  /** The document text; null when unknown (then offsets are checked for shape only). */
  text: string | null;
  /** The project's tag schema; null when unknown (then labels are checked for shape only). */
  schema: TagSchema | null;
  /** The user writing (set per connection, never per layer); new spans and relations must name them as author. Null: not checked. */
  writer?: string | null;
}

type Obj = Record<string, unknown>;
// Only plain objects: lib0 decodes a "__proto__" key into the prototype, and a value whose fields
// hide there would pass these checks yet serialise as {}.
const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);
const isShortString = (v: unknown, max: number = Limits.labelChars): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;

const SPAN_KEYS = new Set(['start', 'end', 'label', 'author', 'at', 'note', 'attrs']);
const RELATION_KEYS = new Set(['from', 'to', 'type', 'author', 'at']);

function extraKey(v: Obj, allowed: Set<string>): string | undefined {
  return Object.keys(v).find((k) => !allowed.has(k));
}

export function checkSpan(v: unknown, ctx: LayerContext): string | null {
  if (!isObj(v)) return 'a span must be an object';
  const extra = extraKey(v, SPAN_KEYS);
  if (extra !== undefined) return `unknown span field "${extra}"`;
  const { start, end, label, author, at, note, attrs } = v;
  if (!isInt(start) || !isInt(end)) return 'span start and end must be integers';
  if (start < 0 || start >= end) return `span offsets must satisfy 0 ≤ start < end (got ${start}, ${end})`;
  if (ctx.text !== null) {
    if (end > ctx.text.length) return `span end ${end} is past the end of the text (${ctx.text.length})`;
    if (splitsSurrogate(ctx.text, start) || splitsSurrogate(ctx.text, end)) return 'span offsets split a character';
  }
  if (!isShortString(label)) return 'span label must be a non-empty string';
  if (ctx.schema && !ctx.schema.spanLabels.some((l) => l.name === label)) return `unknown span label "${label}"`;
  if (!isShortString(author)) return 'span author must be a non-empty string';
  if (ctx.writer && author !== ctx.writer) return 'span author must be the user writing it';
  if (typeof at !== 'number' || !Number.isFinite(at)) return 'span "at" must be a timestamp';
  if (note !== undefined && (typeof note !== 'string' || note.length > Limits.noteChars)) {
    return `span note must be a string of at most ${Limits.noteChars} characters`;
  }
  if (attrs !== undefined) {
    if (!isObj(attrs)) return 'span attrs must be an object';
    const entries = Object.entries(attrs);
    if (entries.length > Limits.attrs) return `at most ${Limits.attrs} span attributes`;
    for (const [k, a] of entries) {
      if (k.length > Limits.labelChars || !['string', 'number', 'boolean'].includes(typeof a)) return `bad span attribute "${k.slice(0, 64)}"`;
      if (typeof a === 'string' && a.length > Limits.noteChars) return `span attribute "${k}" is too long`;
    }
  }
  return null;
}

export function checkRelation(v: unknown, ctx: LayerContext, spanExists: (id: string) => boolean): string | null {
  if (!isObj(v)) return 'a relation must be an object';
  const extra = extraKey(v, RELATION_KEYS);
  if (extra !== undefined) return `unknown relation field "${extra}"`;
  const { from, to, type, author, at } = v;
  if (!isShortString(from) || !isShortString(to)) return 'relation from and to must be span ids';
  if (from === to) return 'a relation must link two different spans';
  if (!isShortString(type)) return 'relation type must be a non-empty string';
  if (ctx.schema && !ctx.schema.relationTypes.some((r) => r.name === type)) return `unknown relation type "${type}"`;
  if (!isShortString(author)) return 'relation author must be a non-empty string';
  if (ctx.writer && author !== ctx.writer) return 'relation author must be the user writing it';
  if (typeof at !== 'number' || !Number.isFinite(at)) return 'relation "at" must be a timestamp';
  if (!spanExists(from) || !spanExists(to)) return 'relation points to a span that does not exist';
  return null;
}

export function checkDocLabel(setName: string, v: unknown, ctx: LayerContext): string | null {
  if (!Array.isArray(v) || v.length > 256 || !v.every((x) => isShortString(x))) {
    return `document label "${setName}" must be a list of label values`;
  }
  if (new Set(v).size !== v.length) return `document label "${setName}" repeats a value`;
  if (ctx.schema) {
    const set = ctx.schema.docLabelSets.find((s) => s.name === setName);
    if (!set) return `unknown document label set "${setName}"`;
    if (set.choice === 'single' && v.length > 1) return `"${setName}" takes a single choice`;
    const bad = v.find((x) => !set.values.includes(x as string));
    if (bad !== undefined) return `"${bad}" is not a value of "${setName}"`;
  }
  return null;
}

/** A span or relation naming another user as its author than the one writing. */
function authoredByOther(v: unknown, ctx: LayerContext): boolean {
  return !!ctx.writer && isObj(v) && typeof v.author === 'string' && v.author !== ctx.writer;
}

/**
 * Validates every value an update writes. A refusal is `foreign` when the value belongs to
 * another user (see the hub: a handshake carrying it holds a change the server lost). `spanInLayer` answers whether a span id is live in the
 * layer before the update; spans written by the same update count as present too.
 */
export function checkWrites(
  writes: MapWrite[],
  ctx: LayerContext,
  spanInLayer: (id: string) => boolean,
): { key: string; message: string; foreign?: true } | null {
  const newSpans = new Set(writes.filter((w) => w.map === 'spans').map((w) => w.key));
  const spanExists = (id: string) => newSpans.has(id) || spanInLayer(id);
  for (const w of writes) {
    const err =
      w.map === 'spans'
        ? checkSpan(w.value, ctx)
        : w.map === 'relations'
          ? checkRelation(w.value, ctx, spanExists)
          : checkDocLabel(w.key, w.value, ctx);
    if (err === null) continue;
    const refusal = { key: `${w.map}.${w.key}`, message: `${w.map}.${w.key}: ${err}` };
    return w.map !== 'docLabels' && authoredByOther(w.value, ctx) ? { ...refusal, foreign: true } : refusal;
  }
  return null;
}
