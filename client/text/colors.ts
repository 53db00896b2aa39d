// Label colours made legible: the tag's text is black or white, whichever contrasts more with the
// label colour, and the colour is darkened until that contrast reaches 4.5:1 (WCAG AA).
export interface LabelStyle {
  /** The label colour as given (underlines, swatches). */
  color: string;
  /** A light tint of it for span backgrounds, readable under dark text. */
  fill: string;
  tagBackground: string;
  tagText: string;
}

type Rgb = [number, number, number];

function parseHex(hex: string): Rgb {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  const n = m ? parseInt(m[1]!, 16) : 0x777777;
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

const toHex = (c: Rgb) => `#${c.map((x) => Math.round(x).toString(16).padStart(2, '0')).join('')}`;

function luminance([r, g, b]: Rgb): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrast(a: string, b: string): number {
  const la = luminance(parseHex(a));
  const lb = luminance(parseHex(b));
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

export function labelStyle(color: string): LabelStyle {
  let bg = parseHex(color);
  let text = contrast(toHex(bg), '#000000') >= contrast(toHex(bg), '#ffffff') ? '#000000' : '#ffffff';
  for (let i = 0; i < 20 && contrast(toHex(bg), text) < 4.5; i++) {
    // Both are weak only for mid tones; darken towards white text.
    text = '#ffffff';
    bg = bg.map((v) => v * 0.9) as Rgb;
  }
  const [r, g, b] = parseHex(color);
  return { color: toHex(parseHex(color)), fill: `rgb(${r} ${g} ${b} / 0.16)`, tagBackground: toHex(bg), tagText: text };
}

/** Styles per label name; unknown labels (e.g. removed from the schema) get a neutral grey. */
export function labelStyles(labels: ReadonlyArray<{ name: string; color: string }>): (name: string) => LabelStyle {
  const map = new Map(labels.map((l) => [l.name, labelStyle(l.color)]));
  const fallback = labelStyle('#6b6b6b');
  return (name) => map.get(name) ?? fallback;
}
