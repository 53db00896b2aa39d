// Plumbing shared by the agreement coefficients: category codes, growable count vectors, rating matrices.
// The coefficients run on small integer codes so the project report can pool millions of tokens without allocating.

/** A rating: a category name, or null where the rater gave none (missing data). */
export type Rating = string | null;
/** Rows are items (units: tokens, documents…), columns are raters. */
export type RatingMatrix = readonly (readonly Rating[])[];

/** Code of a missing rating in coded units. */
export const MISSING = -1;

/** Interns category names as dense codes 0, 1, 2… in order of first sight. */
export class Codebook {
  private readonly codes = new Map<string, number>();
  readonly names: string[] = [];

  constructor(initial: readonly string[] = []) {
    for (const name of initial) this.code(name);
  }

  code(name: string): number {
    let c = this.codes.get(name);
    if (c === undefined) {
      c = this.names.length;
      this.codes.set(name, c);
      this.names.push(name);
    }
    return c;
  }

  /** The code of a name already seen, or MISSING. */
  find(name: string): number {
    return this.codes.get(name) ?? MISSING;
  }

  name(code: number): string {
    const n = this.names[code];
    if (n === undefined) throw new RangeError(`no category with code ${code}`);
    return n;
  }

  get size(): number {
    return this.names.length;
  }
}

/** Counts indexed by category code; grows on demand because the number of labels is learnt on the way. */
export class Tally {
  private data = new Float64Array(16);
  /** One past the highest index ever written. */
  length = 0;

  add(i: number, v = 1): void {
    if (i >= this.data.length) this.grow(i);
    this.data[i] = (this.data[i] ?? 0) + v;
    if (i >= this.length) this.length = i + 1;
  }

  get(i: number): number {
    return i < this.length ? (this.data[i] ?? 0) : 0;
  }

  sum(): number {
    let s = 0;
    for (let i = 0; i < this.length; i++) s += this.data[i] ?? 0;
    return s;
  }

  sumOfSquares(): number {
    let s = 0;
    for (let i = 0; i < this.length; i++) {
      const v = this.data[i] ?? 0;
      s += v * v;
    }
    return s;
  }

  addAll(other: Tally): void {
    for (let i = other.length - 1; i >= 0; i--) {
      const v = other.get(i);
      if (v !== 0) this.add(i, v);
    }
  }

  clear(): void {
    this.data.fill(0, 0, this.length);
    this.length = 0;
  }

  private grow(i: number): void {
    let size = this.data.length;
    while (size <= i) size *= 2;
    const next = new Float64Array(size);
    next.set(this.data);
    this.data = next;
  }
}

/** A rating matrix as codes, row-major (item × rater), MISSING for null. */
export interface CodedMatrix {
  items: number;
  raters: number;
  codes: Int32Array;
  book: Codebook;
}

export function encodeMatrix(matrix: RatingMatrix, book = new Codebook()): CodedMatrix {
  const raters = matrix.reduce((m, row) => Math.max(m, row.length), 0);
  const codes = new Int32Array(matrix.length * raters).fill(MISSING);
  matrix.forEach((row, i) => {
    row.forEach((r, j) => {
      if (r !== null) codes[i * raters + j] = book.code(r);
    });
  });
  return { items: matrix.length, raters, codes, book };
}

export const YES = 'yes';
export const NO = 'no';

/** One-vs-rest recoding for per-category agreement: `yes` where the rating is `category`, `no` otherwise. */
export function oneVsRest(matrix: RatingMatrix, category: string): Rating[][] {
  return matrix.map((row) => row.map((r) => (r === null ? null : r === category ? YES : NO)));
}

/** Divides, or gives null where the ratio is undefined (JSON carries null, not NaN). */
export function ratio(num: number, den: number): number | null {
  return den === 0 ? null : num / den;
}

/** Chance-corrected agreement (P − Pe) / (1 − Pe); null where chance agreement is already perfect. */
export function chanceCorrected(observed: number, expected: number): number | null {
  return 1 - expected < 1e-12 ? null : (observed - expected) / (1 - expected);
}

/** Counts the ratings of one unit by category into reusable scratch arrays (units hold a few raters, so a linear scan wins). */
export class UnitCounter {
  categories = new Int32Array(8);
  counts = new Int32Array(8);
  /** Distinct categories in the unit. */
  distinct = 0;
  /** Ratings that are not missing. */
  rated = 0;

  count(codes: ArrayLike<number>, len: number): void {
    if (len > this.categories.length) {
      this.categories = new Int32Array(len);
      this.counts = new Int32Array(len);
    }
    this.distinct = 0;
    this.rated = 0;
    for (let r = 0; r < len; r++) {
      const c = codes[r] ?? MISSING;
      if (c < 0) continue;
      this.rated++;
      let k = 0;
      while (k < this.distinct && this.categories[k] !== c) k++;
      if (k === this.distinct) {
        this.categories[k] = c;
        this.counts[k] = 0;
        this.distinct++;
      }
      this.counts[k] = (this.counts[k] ?? 0) + 1;
    }
  }
}
