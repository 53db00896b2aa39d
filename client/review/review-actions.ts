// What the review keys and buttons do: move between disputes (the current one is published to
// the other reviewers and brought into view), accept an annotator's version and move on to the
// next open dispute, accept every agreed item at once.
import { itemRanges } from './adjudication.ts';
import type { TtAdjudicate } from './tt-adjudicate.ts';

export function goTo(v: TtAdjudicate, id: string | null, opts: { focus?: boolean } = {}): void {
  v.currentId = id;
  publishWhere(v);
  if (opts.focus !== false) void v.updateComplete.then(() => v.textView?.reveal());
}

/** Moves by `by` disputes in text order (wrapping is refused, so the ends are noticeable). */
export function step(v: TtAdjudicate, by: 1 | -1): void {
  const list = v.disputes;
  if (list.length === 0) return v.say('There are no disputes in this document.');
  const i = list.findIndex((d) => d.id === v.currentId);
  const next = list[i < 0 ? 0 : i + by];
  if (!next) return v.say(by > 0 ? 'That was the last dispute.' : 'That was the first dispute.');
  goTo(v, next.id);
  v.say(`Dispute ${list.indexOf(next) + 1} of ${list.length}.`);
}

export function publishWhere(v: TtAdjudicate): void {
  const cur = v.current;
  const ranges = cur ? itemRanges(cur) : [];
  const sel = ranges.length ? { start: Math.min(...ranges.map((r) => r.start)), end: Math.max(...ranges.map((r) => r.end)) } : null;
  v.presence.setAt(cur?.id ?? null, sel);
}

/** Key k: accept annotator k's version of the current dispute, then go to the next open one. */
export function acceptVersion(v: TtAdjudicate, index: number): void {
  const r = v.review;
  const cur = v.current;
  const who = r?.annotators[index]?.username;
  if (!r || !who) return;
  if (!cur) return v.say('Choose a dispute first (n / p).');
  if (!v.guard()) return;
  const out = v.writer.accept(cur, who);
  if (!out.ok) return v.notify(`Could not accept ${who}'s version: ${out.error}.`);
  const resolved = v.resolvedIds();
  const list = v.disputes;
  const i = list.indexOf(cur);
  const next = [...list.slice(i + 1), ...list.slice(0, i)].find((d) => !resolved.has(d.id));
  v.say(`Accepted ${who}'s version.${next ? '' : ' Every dispute has a decision.'}`);
  if (next) goTo(v, next.id);
  else v.requestUpdate();
}

export function acceptUnanimous(v: TtAdjudicate): void {
  if (!v.guard() || !v.review) return;
  const { accepted, failed, waiting } = v.writer.acceptUnanimous(v.review.disagreements.items);
  if (failed.length) v.notify(`Could not copy ${failed.length} agreed item(s): ${failed[0]}.`);
  const wait = waiting ? ` ${waiting} agreed relation(s) wait until their spans' disputes are decided; press a again then.` : '';
  v.say(accepted ? `Copied ${accepted} agreed item(s) into gold.${wait}` : waiting ? wait.trim() : 'Gold already holds every agreed item.');
}
