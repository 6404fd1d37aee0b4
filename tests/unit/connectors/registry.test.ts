// @vitest-environment node
/**
 * What every registered connector must bring (lib/connectors/types.ts), checked for all of them, so a
 * new CRM that forgets a part fails here rather than in a rep's browser.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONNECTION_KINDS, definitions } from '@/lib/connectors/catalog';
import { CONNECTORS } from '@/lib/connectors/registry';
import type { ConnectorDefinition } from '@/lib/connectors/types';
import english from '@/public/_locales/en/messages.json';

const ROOT = join(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? sourceFiles(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

/** What a file imports: static imports (side-effect ones too), re-exports and dynamic imports. */
function importsOf(path: string): string[] {
  const text = readFileSync(join(ROOT, path), 'utf8');
  const patterns = [/^\s*import\b[^'"]*?['"]([^'"]+)['"]/gm, /^\s*export\b[^'";]*?\bfrom\s+['"]([^'"]+)['"]/gm, /\bimport\(\s*['"]([^'"]+)['"]/g];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1]!));
}

/** Every message key a definition's form uses. */
function keysOf(definition: ConnectorDefinition): string[] {
  return definition.fields.flatMap((f) => [f.label, ...(f.hint ? [f.hint] : []), ...(f.type === 'select' ? f.options.map((o) => o.label) : []), ...(f.type === 'credential' && f.requiredMessage ? [f.requiredMessage] : [])]).concat(definition.help ? [definition.help.label] : []);
}

describe.each(definitions().map((d) => [d.kind, d] as const))('the %s connector', (kind, definition) => {
  it('is in both registries, with the parts its roles need', () => {
    const connector = (CONNECTORS as Record<string, (typeof CONNECTORS)[keyof typeof CONNECTORS]>)[kind]!;
    expect(connector.kind).toBe(kind);
    expect(connector.schema).toBe(definition.schema);
    expect(!!connector.createSource).toBe(definition.roles.source);
    expect(!!connector.createDestination).toBe(definition.roles.destination);
    // A source can be switched off by the rep.
    if (definition.roles.source) expect(definition.schema.shape).toHaveProperty('useAsSource');
  });

  it('has an address field in its settings, and form fields its settings or credentials hold', () => {
    expect(definition.schema.shape).toHaveProperty(definition.address);
    for (const field of definition.fields) {
      if (field.type !== 'credential' && field.type !== 'connect') expect(definition.schema.shape, field.name).toHaveProperty(field.name);
    }
    const names = definition.fields.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('signs in with a connect part exactly when its form has a connect field', () => {
    const connector = (CONNECTORS as Record<string, (typeof CONNECTORS)[keyof typeof CONNECTORS]>)[kind]!;
    const signsIn = definition.fields.some((f) => f.type === 'connect');
    expect(!!connector.connect).toBe(signsIn);
    expect(!!connector.disconnect).toBe(signsIn);
  });

  it('has English for every string its form uses', () => {
    for (const key of keysOf(definition)) expect(definition.messages?.[key] ?? (english as Record<string, unknown>)[key], key).toBeTruthy();
  });

  it('ships a loopback mock in its folder, for tests only', async () => {
    expect(definition.mock).toMatch(/^lib\/sources\/[a-z0-9-]+\/mock\.ts$/);
    expect(existsSync(join(ROOT, definition.mock!))).toBe(true);
    const module = (await import(/* @vite-ignore */ `/${definition.mock}`)) as Record<string, unknown>;
    const start = Object.entries(module).find(([name, value]) => /^start\w*Mock$/.test(name) && typeof value === 'function')?.[1] as
      | (() => Promise<{ url: string; close(): Promise<void> }>)
      | undefined;
    expect(start).toBeTypeOf('function');
    const server = await start!();
    try {
      expect(new URL(server.url).hostname).toBe('127.0.0.1');
    } finally {
      await server.close();
    }
  });

  it('has a definition that any context may import: zod, the address rules, the connector types and pure files of its own', () => {
    const folder = definition.mock!.replace(/\/mock\.ts$/, '');
    const outside: string[] = [];
    const visit = (file: string) => {
      for (const from of importsOf(file)) {
        if (/^\.\/[\w-]+$/.test(from)) visit(`${folder}/${from.slice(2)}.ts`);
        else if (!/(^|\/)(model\/zod|model\/address|connectors\/types)$/.test(from)) outside.push(`${file} imports ${from}`);
      }
    };
    visit(`${folder}/definition.ts`);
    expect(outside).toEqual([]);
  });
});

describe('the registries', () => {
  it('list the same connectors', () => {
    expect(Object.keys(CONNECTORS).sort()).toEqual([...CONNECTION_KINDS].sort());
  });

  it('keep the mocks out of the extension: nothing outside a mock imports one or anything under tests/', () => {
    const production = ['lib', 'components', 'entrypoints'].flatMap(sourceFiles).filter((path) => !/\/mock(-seed)?\.ts$/.test(path));
    const offending = production.flatMap((path) =>
      importsOf(path)
        .filter((from) => /(^|\/)mock(-seed)?$|(^|\/)tests\//.test(from))
        .map((from) => `${path} imports ${from}`),
    );
    expect(offending).toEqual([]);
  });
});
