// Turning cells into text, formula neutralising and Word-safe header names — shared by every format.
import type { Cell, ColumnSpec } from './index.ts';

/**
 * Spreadsheet-formula safety (OWASP "CSV injection"): Excel, LibreOffice and Google Sheets treat a
 * cell that begins with = + - @ (or a TAB / CR in front of one) as a formula, which can run DDE
 * commands or leak data through HYPERLINK(). Every CSV-type export and the XLSX export therefore
 * prefix such a STRING cell with a single quote ('), the OWASP recommendation: the spreadsheet
 * shows the text instead of evaluating it. Cells that are numbers (Cell of type number) are never
 * touched — a negative number stays a number.
 *
 * Only what a spreadsheet would run as a formula is prefixed: a phone number "+420 722 391 737",
 * a signed number "-5" or "+1.5" is data, and the apostrophe would be printed by Word's mail merge
 * (which reads the CSV as it is) on every letter. Such a value — a sign, then only digits, spaces
 * and ( ) . , / (and - after a leading +, as phones write it) — holds no function, no reference
 * and no DDE, so a spreadsheet evaluating it could do no harm. Everything else starting with = @,
 * + or - ("+A1", "-2+3", "=HYPERLINK(…)", "@SUM(…)"), TAB or CR is neutralised.
 */
export function neutraliseFormula(s: string): string {
  return startsLikeFormula(s) && !isSignedNumberOrPhone(s) ? `'${s}` : s;
}

/** Starts with = + - @ TAB or CR — by the first character's code: run on every cell of a
 * 100k-row export, comparisons cost a fraction of a regular expression. */
function startsLikeFormula(s: string): boolean {
  const c = s.charCodeAt(0); // NaN for '': no match
  return c === 61 /* = */ || c === 43 /* + */ || c === 45 /* - */ || c === 64 /* @ */ || c === 9 /* TAB */ || c === 13 /* CR */;
}

/** "+420 722 391 737", "+420 (2) 2233-4455", "+1.5": a plus, then digits with spaces ( ) . , / -.
 * "-5", "-1 234,5": a minus, then a number (no second sign: "-2-3" is arithmetic). */
const PLUS_PHONE_OR_NUMBER = /^\+[0-9][0-9 ().,/\-]*$/;
const MINUS_NUMBER = /^-[0-9][0-9 ]*(?:[.,][0-9]+)?$/;

function isSignedNumberOrPhone(s: string): boolean {
  return s.charCodeAt(0) === 43 ? PLUS_PHONE_OR_NUMBER.test(s) : s.charCodeAt(0) === 45 && MINUS_NUMBER.test(s);
}

/** The same rule, under the name the XLSX and contact writers import (they once kept more). */
export const neutraliseFormulaKeepNumbers = neutraliseFormula;

/** Calendar date in the local time zone of the machine (the user's), as YYYY-MM-DD — read by Excel in any locale. */
export function isoDate(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const y = d.getFullYear();
  const m = d.getMonth() + 1;
  const day = d.getDate();
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}`;
}

export function formatNumber(n: number, decimalComma: boolean): string {
  if (!Number.isFinite(n)) return '';
  const s = String(n);
  return decimalComma ? s.replace('.', ',') : s;
}

/**
 * A cell as the text a text format writes. `null` is empty, numbers keep their digits (a decimal
 * comma for the Excel presets meant for comma-decimal locales), dates are local calendar dates.
 * Neutralising is separate (strings only).
 */
export function cellText(cell: Cell, decimalComma: boolean): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return formatNumber(cell, decimalComma);
  if (cell instanceof Date) return isoDate(cell);
  if (typeof cell === 'object') return cell.text; // money: as the export language writes it
  return String(cell);
}

/** Text of a cell with formula neutralising applied to string cells (numbers are never touched). */
export function safeCellText(cell: Cell, decimalComma: boolean): string {
  return typeof cell === 'string' ? neutraliseFormula(cell) : cell !== null && typeof cell === 'object' && !(cell instanceof Date)
    ? neutraliseFormula(cell.text) : cellText(cell, decimalComma);
}

// ---- Word-safe header names ---------------------------------------------------------------------

// Letters that Unicode does not decompose into base letter + accent.
const SPECIAL: Record<string, string> = {
  ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ø: 'o', Ø: 'O', ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE',
  þ: 'th', Þ: 'Th', ð: 'd', Ð: 'D', ı: 'i', ħ: 'h', Ħ: 'H', ŧ: 't', Ŧ: 'T',
};

// Cyrillic (Russian, Ukrainian, Belarusian, Serbian) — a plain ASCII transliteration.
const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'yi',
  є: 'ye', ґ: 'g', ў: 'u', ђ: 'dj', ј: 'j', љ: 'lj', њ: 'nj', ћ: 'c', џ: 'dz',
};

function transliterateChar(ch: string): string {
  const special = SPECIAL[ch];
  if (special !== undefined) return special;
  const lower = ch.toLowerCase();
  const cyr = CYRILLIC[lower];
  if (cyr !== undefined) return lower === ch || cyr === '' ? cyr : cyr.charAt(0).toUpperCase() + cyr.slice(1);
  return ch;
}

/** Word's mail-merge field names: at most 40 characters. */
const WORD_MAX = 40;

/**
 * A header Word's mail merge accepts as a field name: ASCII letters, digits and underscores, starting
 * with a letter, no diacritics ("Název firmy" → "Nazev_firmy", "Kőszegi" → "Koszegi", Cyrillic
 * transliterated). For a whole header row use `wordSafeHeaders`, which also makes names unique.
 */
export function wordSafeHeader(header: string): string {
  let s = '';
  for (const ch of header.normalize('NFC')) s += transliterateChar(ch);
  s = s.normalize('NFD').replace(/\p{M}+/gu, '').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (s === '') s = 'Field';
  if (!/^[A-Za-z]/.test(s)) s = `F_${s}`;
  return s.slice(0, WORD_MAX).replace(/_+$/, '');
}

/** `wordSafeHeader` for a header row, made unique case-insensitively ("Email", "Email_2", …). */
export function wordSafeHeaders(headers: string[]): string[] {
  const used = new Set<string>();
  return headers.map((h) => {
    const base = wordSafeHeader(h);
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) {
      const suffix = `_${n}`;
      name = base.slice(0, WORD_MAX - suffix.length) + suffix;
    }
    used.add(name.toLowerCase());
    return name;
  });
}

/**
 * The header row as a format writes it: the caller's headers, or Word-safe ones for mail merge.
 * Headers can be user-field labels, so they are neutralised like data.
 */
export function headerRow(columns: ColumnSpec[], mergeNames: boolean): string[] {
  const headers = columns.map((c) => c.header);
  return mergeNames ? wordSafeHeaders(headers) : headers.map(neutraliseFormula);
}
