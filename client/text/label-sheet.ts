// Span colours as one stylesheet of classes per label (fill, underline per lane, tag), so a
// rendered piece carries only class names: no inline style to parse per piece, which is what
// keeps a 2,000-span render fast. Label names never reach CSS; labels are numbered.
import { labelStyle, type LabelStyle } from './colors.ts';

export const MAX_LANES = 4;

export class LabelSheet {
  private readonly sheet = new CSSStyleSheet();
  private readonly index = new Map<string, number>();
  private readonly styles = new Map<string, LabelStyle>();
  private readonly fallback = labelStyle('#6b6b6b');

  constructor(labels: ReadonlyArray<{ name: string; color: string }>) {
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, this.sheet];
    this.set(labels);
  }

  set(labels: ReadonlyArray<{ name: string; color: string }>): void {
    this.index.clear();
    this.styles.clear();
    const rules: string[] = [];
    const add = (key: string, st: LabelStyle) => {
      rules.push(`.text-root .f-${key} { --f: ${st.fill}; }`, `.text-root .t-${key} { --tag-bg: ${st.tagBackground}; --tag-fg: ${st.tagText}; }`);
      for (let lane = 0; lane < MAX_LANES; lane++) rules.push(`.text-root .u${lane}-${key} { --u${lane}: ${st.color}; }`);
    };
    labels.forEach((l, i) => {
      const st = labelStyle(l.color);
      this.index.set(l.name, i);
      this.styles.set(l.name, st);
      add(String(i), st);
    });
    add('x', this.fallback);
    this.sheet.replaceSync(rules.join('\n'));
  }

  /** The class suffix of a label ("x" for a label the schema does not have). */
  key(label: string): string {
    const i = this.index.get(label);
    return i === undefined ? 'x' : String(i);
  }

  style(label: string): LabelStyle {
    return this.styles.get(label) ?? this.fallback;
  }

  destroy(): void {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== this.sheet);
  }
}
