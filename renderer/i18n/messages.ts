// All translations, merged per language. Each area of the UI keeps its strings in its own files
// (`<lang>.json` for the shell and shared words, `<area>.<lang>.json` for a screen), so parallel
// work on different screens never edits the same file. A key defined twice is a bug: refused.
import type { Locale } from '../../shared/types.ts';
import { LOCALES } from '../../shared/types.ts';

export type Tree = { [k: string]: string | Tree };

// The built-in code list entries' names live in shared/: the core checks new names against them.
const files = {
  ...import.meta.glob<Tree>('./*.json', { eager: true, import: 'default' }),
  ...import.meta.glob<Tree>('../../shared/i18n/*.json', { eager: true, import: 'default' }),
};

export function mergeTrees(into: Tree, from: Tree, where: string): Tree {
  for (const [k, v] of Object.entries(from)) {
    const existing = into[k];
    if (existing === undefined) into[k] = typeof v === 'string' ? v : mergeTrees({}, v, `${where}.${k}`);
    else if (typeof existing === 'string' || typeof v === 'string') throw new Error(`Translation key ${where}.${k} is defined twice`);
    else mergeTrees(existing, v, `${where}.${k}`);
  }
  return into;
}

function build(): Record<Locale, Tree> {
  const out = Object.fromEntries(LOCALES.map((l) => [l, {} as Tree])) as Record<Locale, Tree>;
  for (const [file, tree] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const lang = /(?:^|[./])([a-z]{2})\.json$/.exec(file)?.[1] as Locale | undefined;
    if (!lang || !(LOCALES as readonly string[]).includes(lang)) throw new Error(`Translation file ${file} names no language`);
    mergeTrees(out[lang], tree, file);
  }
  return out;
}

export const messages = build();
