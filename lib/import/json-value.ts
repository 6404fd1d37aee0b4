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

/**
 * The deepest nesting a record may have, counting the record itself. No record an import or a restore
 * reads comes near it (an export's deepest is 3: an action's `sync`, a person's `refs`); past it, a
 * value is rejected where it is read, since JSON.stringify and structured cloning recurse per level
 * and a 10 KB value of 5,000 levels overflowed the stack writing the rejected-rows file.
 */
export const MAX_JSON_NESTING = 256;

/**
 * A record's text as an object, or the problem that rejects it (not JSON, JSON but not an object, or
 * with a value nested deeper than MAX_JSON_NESTING, named by its key).
 */
export function jsonObject(text: string, line: number): JsonRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { line, problem: problem('importReason_notJson') };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { line, problem: problem('importReason_notJsonObject') };
  const object = value as Record<string, unknown>;
  for (const key in object) {
    const inner = object[key];
    if (typeof inner === 'object' && inner !== null && deeperThan(inner, MAX_JSON_NESTING)) return { line, problem: problem('importReason_notSingleValue', key) };
  }
  return { line, value: object };
}

/** Whether `value`, a record's value (its second level), holds anything past `levels`; walked with a list, not recursion. */
function deeperThan(value: object, levels: number): boolean {
  const open: [object, number][] = [[value, 2]];
  for (let next = open.pop(); next; next = open.pop()) {
    const [at, level] = next;
    if (level > levels) return true;
    for (const key in at) {
      const inner = (at as Record<string, unknown>)[key];
      if (typeof inner === 'object' && inner !== null) open.push([inner, level + 1]);
    }
  }
  return false;
}
