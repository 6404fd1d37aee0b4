/**
 * What the two streaming JSON readers share: json-records.ts (a JSON array of records) and
 * restore-reader.ts (the lists of an export). Each walks its file one character at a time and hands
 * only a whole value to JSON.parse; this is where a value ends, and what its text parses to.
 */
import { type ImportProblem, problem } from './reasons';

/** A value being read: up to its closing character (an object, array or string), or a bare one (a number, `true`…). */
export type ValueKind = 'inValue' | 'inPrimitive';

/**
 * Where a JSON value ends, fed one character at a time. `begin` with the value's first character;
 * then, for an `inValue`, `ends` with each next one until it says the value is over. A bare value has
 * no closing character: the reader ends it at the first character that cannot be part of it.
 */
export class ValueEnd {
  private depth = 0;
  private inString = false;
  private escaped = false;

  begin(c: string): ValueKind {
    this.inString = false;
    this.escaped = false;
    if (c === '{' || c === '[') {
      this.depth = 1;
      return 'inValue';
    }
    if (c === '"') {
      this.depth = 0;
      this.inString = true;
      return 'inValue';
    }
    return 'inPrimitive';
  }

  /** Whether `c`, the next character of an `inValue`, is its last (strings and nesting followed). */
  ends(c: string): boolean {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (c === '\\') this.escaped = true;
      else if (c === '"') this.inString = false;
    } else if (c === '"') this.inString = true;
    else if (c === '{' || c === '[') this.depth++;
    else if (c === '}' || c === ']') this.depth--;
    return !this.inString && this.depth === 0;
  }
}

/** A record of a JSON file: the object, or the problem that rejects it, with the line it starts on. */
export interface JsonRecord {
  line: number;
  value?: Record<string, unknown>;
  problem?: ImportProblem;
}

/** A record's text as an object, or the problem that rejects it (not JSON, or JSON but not an object). */
export function jsonObject(text: string, line: number): JsonRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { line, problem: problem('importReason_notJson') };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { line, problem: problem('importReason_notJsonObject') };
  return { line, value: value as Record<string, unknown> };
}
