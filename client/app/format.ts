// Small formatting helpers shared by screens.
import type { DocStatus } from '../../shared/domain.ts';

export const initial = (name: string): string => {
  const first = name.trim().codePointAt(0);
  return first === undefined ? '?' : String.fromCodePoint(first).toUpperCase();
};

export const STATUS_TEXT: Record<DocStatus, string> = {
  new: 'new',
  in_progress: 'in progress',
  annotated: 'annotated',
  in_review: 'in review',
  done: 'done',
};

/** A short excerpt of `text` for lists, with an ellipsis when cut (never splitting a surrogate pair). */
export function excerpt(text: string, max = 48): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const cps = Array.from(flat);
  return cps.length <= max ? flat : `${cps.slice(0, max - 1).join('')}…`;
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
