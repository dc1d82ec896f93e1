// TEMPORARY stand-in for ./read/index.ts (the reading layer, built in parallel in branch
// import-parse) with its exact public API: UTF-8 / Windows-1250 CSV only, headers mapped by
// exact target names. Removed once that branch is merged; nothing else imports it.
import Papa from 'papaparse';
import { decodeCsv } from '../../../shared/csv-text.ts';
import { IMPORT_TARGETS, type ImportKind, type ImportMapping } from '../../../shared/import-targets.ts';

export type SourceFormat = 'csv' | 'xlsx' | 'vcard';
export type SourceFlavor = 'generic' | 'outlook' | 'google' | 'kartoteka';
export interface EncodingGuess { name: 'utf-8' | 'utf-8-bom' | 'windows-1250' | 'iso-8859-2' | 'windows-1251' | 'koi8-r' | 'utf-16le' | 'utf-16be'; confidence: number; candidates: { name: string; confidence: number }[] }
export interface ReadOptions { encoding?: EncodingGuess['name']; delimiter?: string; sheet?: string; maxRows?: number }
export interface SourceTable { format: SourceFormat; flavor: SourceFlavor; encoding: EncodingGuess | null; delimiter: string | null; sheets: string[]; headers: string[]; rows: { line: number; cells: string[] }[]; sourceKey: string; warnings: { line: number; messageKey: string; params?: Record<string, string | number> }[] }
export class ReadError extends Error {
  messageKey: string;
  line: number | null;
  params?: Record<string, string | number>;
  constructor(messageKey: string, line: number | null = null) { super(messageKey); this.messageKey = messageKey; this.line = line; }
}

export async function readSource(bytes: Uint8Array, _fileName: string, options: ReadOptions = {}): Promise<SourceTable> {
  const { text, encoding } = decodeCsv(bytes);
  const parsed = Papa.parse<string[]>(text, { delimiter: options.delimiter ?? '', skipEmptyLines: 'greedy' });
  const [headers = [], ...rest] = parsed.data;
  const rows = rest.slice(0, options.maxRows ?? Infinity).map((cells, i) => ({ line: i + 2, cells }));
  const name = encoding === 'utf-8' ? 'utf-8' : 'windows-1250';
  return {
    format: 'csv', flavor: 'generic', encoding: { name, confidence: 1, candidates: [{ name, confidence: 1 }] },
    delimiter: parsed.meta.delimiter, sheets: [], headers, rows, sourceKey: `csv:${headers.join('|')}`, warnings: [],
  };
}

export function suggestMapping(table: Pick<SourceTable, 'headers' | 'flavor'>, _kind: ImportKind, userFields: { id: string; name: string }[] = []): ImportMapping {
  const out: ImportMapping = {};
  table.headers.forEach((h, i) => {
    const t = h.trim();
    if ((IMPORT_TARGETS as readonly string[]).includes(t)) out[i] = t as never;
    const f = userFields.find((u) => u.name === t);
    if (f) out[i] = `field:${f.id}`;
  });
  return out;
}
