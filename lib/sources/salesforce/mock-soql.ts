/**
 * The loopback Salesforce's SOQL: a tokenizer that reads string literals the way Salesforce does
 * (backslash escapes; any other escape, or an unclosed quote, is a MALFORMED_QUERY), and a parser for
 * the one shape the connector sends — SELECT fields FROM object [WHERE conditions joined by AND, or by
 * OR; each compares, is IN a list, or is LIKE a pattern] [ORDER BY field [ASC|DESC]] [LIMIT n].
 * Anything else is refused, as the real one refuses what it does not understand. Test code: only
 * mock.ts imports it.
 */

export type Value = string | number | boolean | null | { dateTime: number } | { date: string };

export interface Condition {
  field: string;
  op: '=' | '!=' | '>=' | '<=' | '>' | '<' | 'IN' | 'LIKE';
  value: Value | Value[];
}

export interface Query {
  fields: string[];
  object: string;
  where: Condition[];
  joiner: 'AND' | 'OR';
  orderBy?: { field: string; desc: boolean };
  limit?: number;
}

export class SoqlError extends Error {
  constructor(
    readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE',
    message: string,
  ) {
    super(message);
  }
}

type Token = { kind: 'word' | 'string' | 'number' | 'datetime' | 'date' | 'op' | 'punct'; text: string; value?: Value };

const STRING_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\' };

export function tokenize(soql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < soql.length) {
    const c = soql[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= soql.length) throw new SoqlError('MALFORMED_QUERY', 'unexpected token: unterminated string literal');
        const d = soql[i]!;
        if (d === '\\') {
          const next = soql[i + 1];
          if (next === undefined || !(next in STRING_ESCAPES)) throw new SoqlError('MALFORMED_QUERY', `Invalid string literal: illegal escape sequence \\${next ?? ''}`);
          value += STRING_ESCAPES[next];
          i += 2;
          continue;
        }
        if (d === "'") {
          i++;
          break;
        }
        if (d === '\n' || d === '\r') throw new SoqlError('MALFORMED_QUERY', 'unexpected token: line break in a string literal');
        value += d;
        i++;
      }
      tokens.push({ kind: 'string', text: value, value });
      continue;
    }
    const rest = soql.slice(i);
    const dt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})/.exec(rest);
    if (dt) {
      const ms = Date.parse(dt[0]);
      if (Number.isNaN(ms)) throw new SoqlError('MALFORMED_QUERY', `line 1: invalid dateTime ${dt[0]}`);
      tokens.push({ kind: 'datetime', text: dt[0], value: { dateTime: ms } });
      i += dt[0].length;
      continue;
    }
    const date = /^\d{4}-\d{2}-\d{2}(?![\d:T])/.exec(rest);
    if (date) {
      tokens.push({ kind: 'date', text: date[0], value: { date: date[0] } });
      i += date[0].length;
      continue;
    }
    const number = /^-?\d+(\.\d+)?(?![\w.])/.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', text: number[0], value: Number(number[0]) });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?/.exec(rest);
    if (word) {
      tokens.push({ kind: 'word', text: word[0] });
      i += word[0].length;
      continue;
    }
    const op = /^(!=|>=|<=|=|>|<)/.exec(rest);
    if (op) {
      tokens.push({ kind: 'op', text: op[0] });
      i += op[0].length;
      continue;
    }
    if (c === ',' || c === '(' || c === ')') {
      tokens.push({ kind: 'punct', text: c });
      i++;
      continue;
    }
    throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${c}'`);
  }
  return tokens;
}

const KEYWORDS = new Set(['SELECT', 'FROM', 'WHERE', 'AND', 'OR', 'NOT', 'IN', 'ORDER', 'BY', 'ASC', 'DESC', 'LIMIT', 'OFFSET', 'LIKE', 'GROUP', 'HAVING', 'NULLS', 'FIRST', 'LAST', 'TRUE', 'FALSE', 'NULL', 'INCLUDES', 'EXCLUDES', 'WITH', 'FOR', 'USING', 'TYPEOF']);

export function parse(soql: string): Query {
  const tokens = tokenize(soql);
  let at = 0;
  const peek = () => tokens[at];
  const isKeyword = (t: Token | undefined, k: string) => t?.kind === 'word' && t.text.toUpperCase() === k;
  const expectKeyword = (k: string) => {
    if (!isKeyword(peek(), k)) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${peek()?.text ?? '<EOF>'}' (expected ${k})`);
    at++;
  };
  const field = (): string => {
    const t = peek();
    if (t?.kind !== 'word' || KEYWORDS.has(t.text.toUpperCase())) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${t?.text ?? '<EOF>'}'`);
    at++;
    return t.text;
  };
  const value = (): Value => {
    const t = peek();
    at++;
    if (!t) throw new SoqlError('MALFORMED_QUERY', 'unexpected end of query');
    if (t.value !== undefined) return t.value;
    if (isKeyword(t, 'TRUE')) return true;
    if (isKeyword(t, 'FALSE')) return false;
    if (isKeyword(t, 'NULL')) return null;
    throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${t.text}'`);
  };

  expectKeyword('SELECT');
  const fields = [field()];
  while (peek()?.text === ',') {
    at++;
    fields.push(field());
  }
  expectKeyword('FROM');
  const object = field();
  const where: Condition[] = [];
  let joiner: 'AND' | 'OR' = 'AND';
  if (isKeyword(peek(), 'WHERE')) {
    at++;
    const joiners = new Set<string>();
    for (;;) {
      const name = field();
      let condition: Condition;
      if (isKeyword(peek(), 'IN')) {
        at++;
        if (peek()?.text !== '(') throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${peek()?.text ?? '<EOF>'}'`);
        at++;
        const list = [value()];
        while (peek()?.text === ',') {
          at++;
          list.push(value());
        }
        if (peek()?.text !== ')') throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${peek()?.text ?? '<EOF>'}'`);
        at++;
        condition = { field: name, op: 'IN', value: list };
      } else if (isKeyword(peek(), 'LIKE')) {
        at++;
        const pattern = peek();
        if (pattern?.kind !== 'string') throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${pattern?.text ?? '<EOF>'}' (LIKE needs a string)`);
        at++;
        condition = { field: name, op: 'LIKE', value: pattern.value as string };
      } else {
        const op = peek();
        if (op?.kind !== 'op') throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${op?.text ?? '<EOF>'}'`);
        at++;
        condition = { field: name, op: op.text as Condition['op'], value: value() };
      }
      where.push(condition);
      if (isKeyword(peek(), 'AND') || isKeyword(peek(), 'OR')) {
        joiners.add(peek()!.text.toUpperCase());
        at++;
        continue;
      }
      break;
    }
    // Salesforce asks for parentheses when AND and OR are mixed; the connector never mixes them.
    if (joiners.size > 1) throw new SoqlError('MALFORMED_QUERY', 'unexpected token: OR (mixing AND and OR needs parentheses)');
    joiner = joiners.has('OR') ? 'OR' : 'AND';
  }
  let orderBy: Query['orderBy'];
  if (isKeyword(peek(), 'ORDER')) {
    at++;
    expectKeyword('BY');
    const name = field();
    let desc = false;
    if (isKeyword(peek(), 'DESC')) {
      desc = true;
      at++;
    } else if (isKeyword(peek(), 'ASC')) at++;
    orderBy = { field: name, desc };
  }
  let limit: number | undefined;
  if (isKeyword(peek(), 'LIMIT')) {
    at++;
    const t = peek();
    if (t?.kind !== 'number' || !Number.isInteger(t.value) || (t.value as number) < 0) throw new SoqlError('MALFORMED_QUERY', 'LIMIT needs a whole number');
    limit = t.value as number;
    at++;
  }
  if (at < tokens.length) throw new SoqlError('MALFORMED_QUERY', `unexpected token: '${tokens[at]!.text}'`);
  return { fields, object, where, joiner, ...(orderBy ? { orderBy } : {}), ...(limit === undefined ? {} : { limit }) };
}
