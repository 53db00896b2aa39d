// SQL only through bound parameters: every piece of SQL text in db/*.ts and server/**/*.ts is read
// with the TypeScript parser, and every value spliced into it (`${…}` in a template, `+` on a
// string) must be constant: a literal, a const bound to constant SQL, a choice between
// constants, a number (`Number(…)`), or a placeholder list (`?` joined by commas, as
// `placeholders(n)` or `xs.map(() => '(?, ?)').join(', ')`). A function whose parameter reaches
// run/get/all/exec/write must be called with constant SQL too. The rules are proven on known-bad
// and known-good snippets first, so the scan itself can fail.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SQL = /\b(SELECT|INSERT|UPDATE|DELETE|PRAGMA|VALUES|WHERE|FROM|JOIN|ORDER BY|LIMIT|AND|OR|IN)\b/;
const PLACEHOLDERS = /^[?,()\s]+$/;
const QUERY_METHODS = new Set(['run', 'get', 'all', 'exec', 'write']);
/** Receivers that are the database or a transaction (db/sqlite.ts's Sqlite and Tx). */
const DB_RECEIVER = /^(db|tx|t|this\.db|store\.db|[\w.]+\.db)$/;

/** Every violation in one source text: `line: what`. */
export function sqlViolations(fileName: string, source: string, seenSql = { pieces: 0 }): string[] {
  const sf = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const where = (n: ts.Node) => `${fileName}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const decls = new Map<string, ts.Node>();
  const visitDecls = (n: ts.Node): void => {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name) && n.initializer && (ts.getCombinedNodeFlags(n) & ts.NodeFlags.Const) !== 0) decls.set(n.name.text, n.initializer);
    if (ts.isFunctionDeclaration(n) && n.name) decls.set(n.name.text, n);
    ts.forEachChild(n, visitDecls);
  };
  visitDecls(sf);
  const returned = (fn: ts.Node): ts.Expression[] => {
    if ((ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && !ts.isBlock(fn.body)) return [fn.body];
    const body = ts.isArrowFunction(fn) || ts.isFunctionExpression(fn) || ts.isFunctionDeclaration(fn) ? fn.body : undefined;
    const rs: ts.Expression[] = [];
    const find = (n: ts.Node): void => {
      if (ts.isReturnStatement(n) && n.expression) rs.push(n.expression);
      else if (!ts.isFunctionLike(n)) ts.forEachChild(n, find);
    };
    if (body) find(body);
    return rs;
  };
  const placeholderLiteral = (e: ts.Node | undefined): boolean => !!e && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) && PLACEHOLDERS.test(e.text);
  const seen = new Set<ts.Node>();
  const safe = (e: ts.Expression): boolean => {
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isNumericLiteral(e)) return true;
    if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) return safe(e.expression);
    if (ts.isTemplateExpression(e)) return e.templateSpans.every((s) => safe(s.expression));
    if (ts.isConditionalExpression(e)) return safe(e.whenTrue) && safe(e.whenFalse);
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) return safe(e.left) && safe(e.right);
    if (ts.isIdentifier(e)) {
      const d = decls.get(e.text);
      if (!d || seen.has(d) || !ts.isExpression(d)) return false;
      seen.add(d);
      const ok = safe(d);
      seen.delete(d);
      return ok;
    }
    if (ts.isCallExpression(e)) {
      if (ts.isIdentifier(e.expression) && e.expression.text === 'Number') return true;
      // xs.map(() => '(?, ?)').join(', ')  ·  Array.from({ length: n }, () => '?').join(',')  ·  Array(n).fill('?').join(',')
      if (ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'join' && placeholderLiteral(e.arguments[0])) {
        const inner = e.expression.expression;
        if (!ts.isCallExpression(inner)) return false;
        const last = inner.arguments.at(-1);
        if (last && (ts.isArrowFunction(last) || ts.isFunctionExpression(last))) return returned(last).every(placeholderLiteral);
        return ts.isPropertyAccessExpression(inner.expression) && inner.expression.name.text === 'fill' && placeholderLiteral(last);
      }
      if (ts.isIdentifier(e.expression)) {
        const fn = decls.get(e.expression.text);
        if (!fn || seen.has(fn)) return false;
        seen.add(fn);
        const ok = returned(fn).length > 0 && returned(fn).every(safe);
        seen.delete(fn);
        return ok;
      }
    }
    return false;
  };
  const text = (n: ts.Node) => n.getText(sf);
  const check = (n: ts.Node): void => {
    if (ts.isTemplateExpression(n) && SQL.test(text(n))) seenSql.pieces++;
    if (ts.isTemplateExpression(n) && SQL.test(text(n)) && !safe(n)) out.push(`${where(n)}: SQL built from non-constant input: ${text(n).slice(0, 90)}`);
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken && [n.left, n.right].some((x) => ts.isStringLiteral(x) && SQL.test(x.text)) && !safe(n)) {
      out.push(`${where(n)}: SQL concatenated with non-constant input: ${text(n).slice(0, 90)}`);
    }
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && QUERY_METHODS.has(n.expression.name.text) && DB_RECEIVER.test(text(n.expression.expression)) && n.arguments[0]) {
      checkQueryArg(n, n.arguments[0]);
    }
    ts.forEachChild(n, check);
  };
  const checkQueryArg = (call: ts.CallExpression, arg: ts.Expression): void => {
    // A parameter passed through: every caller of the enclosing function must pass constant SQL.
    if (ts.isIdentifier(arg)) {
      let fn: ts.Node | undefined = arg.parent;
      while (fn && !ts.isFunctionLike(fn)) fn = fn.parent;
      const index = fn && ts.isFunctionLike(fn) ? fn.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === arg.text) : -1;
      if (index < 0) return void (safe(arg) || !decls.has(arg.text) || out.push(`${where(call)}: query text ${arg.text} is not constant`));
      const name = fn && ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name) ? fn.parent.name.text : null;
      const calls: ts.CallExpression[] = [];
      const findCalls = (n: ts.Node): void => {
        if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === name) calls.push(n);
        ts.forEachChild(n, findCalls);
      };
      findCalls(sf);
      if (!name || calls.length === 0) out.push(`${where(call)}: query text comes from parameter ${arg.text} of a function not called here`);
      for (const c of calls) if (!c.arguments[index] || !safe(c.arguments[index])) out.push(`${where(c)}: non-constant SQL passed to ${name}`);
    }
    if (ts.isSpreadElement(arg) && ts.isCallExpression(arg.expression) && ts.isIdentifier(arg.expression.expression)) {
      const fn = decls.get(arg.expression.expression.text);
      const tuples = fn ? returned(fn) : [];
      if (tuples.length === 0 || !tuples.every((t) => ts.isArrayLiteralExpression(t) && t.elements[0] !== undefined && safe(t.elements[0]))) out.push(`${where(call)}: spread query text is not constant`);
    }
  };
  check(sf);
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : n.endsWith('.ts') ? [p] : [];
  });
}

test('the SQL scanner flags SQL built from input and accepts constants and placeholder lists', () => {
  const bad = [
    "db.all(`SELECT * FROM users WHERE name = '${name}'`, [])",
    "function f(col: string) { return db.all('SELECT ' + col + ' FROM users') }",
    'function f(limit: number) { return db.all(`SELECT * FROM t LIMIT ${limit}`) }',
    'let T = "users"; db.all(`SELECT * FROM ${T}`)',
    "const q = (sql: string) => db.all(sql); q(`SELECT * FROM t WHERE x = ${input}`);",
    'db.all(`SELECT * FROM t WHERE id IN (${ids.join(",")})`)',
    'db.run(`DELETE FROM t WHERE ${this.where}`)',
  ];
  const good = [
    "const T = 'SELECT 1'; db.all(`${T} WHERE id = ?`, [id])",
    "const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(','); db.all(`SELECT * FROM t WHERE id IN (${placeholders(ids.length)})`, ids)",
    "db.run(`INSERT INTO t (a, b) VALUES ${chunk.map(() => '(?, ?)').join(', ')}`, params)",
    "db.all(`SELECT * FROM t WHERE a = ?${all ? '' : ' AND b IS NULL'}`, [a])",
    'const target = Number(name.slice(0, 3)); db.exec(`PRAGMA user_version = ${target}`)',
    "const PAGE = 500; db.all(`SELECT * FROM t LIMIT ${PAGE}`)",
  ];
  for (const s of bad) assert.ok(sqlViolations('bad.ts', s).length > 0, `flagged: ${s}`);
  for (const s of good) assert.deepEqual(sqlViolations('good.ts', s), [], `accepted: ${s}`);
});

test('no SQL in db/ or server/ is built from non-constant input', () => {
  const files = [...filesUnder(path.join(ROOT, 'db')), ...filesUnder(path.join(ROOT, 'server'))].filter((f) => !f.endsWith(path.join('db', 'sqlite.ts')));
  assert.ok(files.length > 20);
  const seenSql = { pieces: 0 };
  const violations = files.flatMap((f) => sqlViolations(path.relative(ROOT, f), readFileSync(f, 'utf8'), seenSql));
  assert.deepEqual(violations, []);
  assert.ok(seenSql.pieces >= 15, `the scan saw the templated SQL (${seenSql.pieces} pieces)`);
});
