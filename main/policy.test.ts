// Which files may import what. The core must run in plain Node (tests, CLI, browser host) and
// the renderer is web code that talks to the core only through the contract.
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');

function sources(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return (fs.readdirSync(abs, { recursive: true }) as string[])
    .filter((f) => /\.(ts|tsx|mts|cts)$/.test(f) && !f.includes('node_modules'))
    .map((f) => path.join(dir, f));
}

/** Every module specifier a file imports: static, dynamic, re-exports and require(). */
export function importsOf(code: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[\w*{}\s,]+\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?[\w*{}\s,]+\s+from\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) found.add(m[1]!);
  return [...found];
}

const NODE = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const isNode = (spec: string) => spec.startsWith('node:') || NODE.has(spec) || NODE.has(spec.split('/')[0]!);
const NODE_ONLY_PACKAGES = ['better-sqlite3', 'kysely', 'electron'];

function violations(dir: string, bad: (spec: string, file: string) => boolean): string[] {
  const out: string[] = [];
  for (const file of sources(dir)) {
    for (const spec of importsOf(fs.readFileSync(path.join(ROOT, file), 'utf8'))) if (bad(spec, file)) out.push(`${file} imports ${spec}`);
  }
  return out;
}

describe('import policy', () => {
  it('finds the imports it is meant to police (the checker itself works)', () => {
    expect(importsOf(`import { app } from 'electron';\nimport type { X } from "./x.ts";\nconst m = await import('node:fs');\nconst e = require('electron');\nexport * from '../main/core/db.ts';`))
      .toEqual(expect.arrayContaining(['electron', './x.ts', 'node:fs', '../main/core/db.ts']));
    expect(isNode('fs')).toBe(true);
    expect(isNode('node:path')).toBe(true);
    expect(isNode('react')).toBe(false);
  });

  it('main/core, main/host, main/cli, main/server, shared and migrations never import electron', () => {
    expect(sources('main/core').length).toBeGreaterThan(10);
    const bad = ['main/core', 'main/host', 'main/cli', 'main/server', 'shared', 'migrations']
      .flatMap((dir) => violations(dir, (spec) => spec === 'electron' || spec.startsWith('electron/') || spec.includes('main/electron')));
    expect(bad).toEqual([]);
  });

  it('shared/ is pure: no Node modules, no database, nothing from main/ or renderer/', () => {
    expect(violations('shared', (spec) => isNode(spec) || NODE_ONLY_PACKAGES.includes(spec) || /(^|\/)(main|renderer)\//.test(spec))).toEqual([]);
  });

  // Tests beside renderer modules run in Node (they may read files); they never ship in the bundle.
  it('renderer/ never imports Node modules, the database, or main/ (its tests may use Node)', () => {
    expect(violations('renderer', (spec, file) => (isNode(spec) && !file.endsWith('.test.ts')) || NODE_ONLY_PACKAGES.includes(spec) || /(^|\.\.\/)main\//.test(spec))).toEqual([]);
  });

  it('migrations are frozen: they never import the live Database interface or handlers', () => {
    expect(violations('migrations', (spec, file) => !file.endsWith('.test.ts') && spec.includes('main/'))).toEqual([]);
  });
});
