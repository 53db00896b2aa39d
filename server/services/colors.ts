// A stable, readable colour per user (presence avatars, cursors), from a fixed accessible palette.
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#ff7f0e', '#393b79'];

export function colorFor(username: string): string {
  let h = 0;
  for (const c of username) h = (h * 31 + c.codePointAt(0)!) >>> 0;
  return PALETTE[h % PALETTE.length]!;
}
