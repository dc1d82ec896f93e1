// The export's columns as the user picks and orders them: the ready columns (EXPORT_COLUMNS)
// and the office's own fields (`field:<id>`). Pure list operations, each returning a new list.
import type { ExportColumn, ExportFormat, Recipients } from '../../shared/types.ts';
import { EXPORT_COLUMNS } from '../../shared/types.ts';

export const MAX_COLUMNS = 80;

/** Columns about the person: empty for firm recipients, so not offered there. */
export const PERSON_COLUMNS: ReadonlySet<string> = new Set([
  'titleBefore', 'firstName', 'lastName', 'titleAfter', 'jobTitle', 'role', 'email', 'phone',
]);

/** What a new selection starts with: a letter's address block, ready for Word's mail merge. */
export function defaultColumns(recipients: Recipients): ExportColumn[] {
  return recipients === 'people'
    ? ['firmName', 'ico', 'salutation', 'addressee', 'firstName', 'lastName', 'email', 'address1', 'address2', 'address3']
    : ['firmName', 'ico', 'addressee', 'firmEmail', 'address1', 'address2', 'address3'];
}

/** Ids whose leading zeros matter (IČO "00216208"). */
const ZERO_LED_IDS: readonly ExportColumn[] = ['ico', 'dic', 'vatId'];

/**
 * The id columns Excel would spoil: a CSV opened by a double-click is parsed by Excel, which
 * turns "00216208" into the number 216208. The file itself is right, and writing ="00216208"
 * would make every such cell a formula (and print as such in Word's mail merge), so the screen
 * says why and offers XLSX instead, where the ids are text cells. Empty: nothing to say.
 */
export function idsExcelSpoils(format: ExportFormat, cols: readonly ExportColumn[]): ExportColumn[] {
  if (format !== 'excel-cz' && format !== 'excel-utf8') return [];
  return cols.filter((c) => ZERO_LED_IDS.includes(c));
}

export const fieldColumn = (id: string): ExportColumn => `field:${id}`;
export const columnFieldId = (c: string): string | null => (c.startsWith('field:') ? c.slice(6) : null);

export function isExportColumn(c: unknown): c is ExportColumn {
  return typeof c === 'string' && ((EXPORT_COLUMNS as readonly string[]).includes(c) || /^field:[0-9a-f-]{36}$/.test(c));
}

/** Moves the column at `from` to index `to` (drag and drop); out of range leaves the list as is. */
export function moveColumn(cols: readonly ExportColumn[], from: number, to: number): ExportColumn[] {
  if (from < 0 || from >= cols.length || to < 0 || to >= cols.length || from === to) return [...cols];
  const out = [...cols];
  const [moved] = out.splice(from, 1);
  out.splice(to, 0, moved!);
  return out;
}

/** One step up (-1) or down (+1). */
export function stepColumn(cols: readonly ExportColumn[], index: number, dir: -1 | 1): ExportColumn[] {
  return moveColumn(cols, index, index + dir);
}

export function addColumn(cols: readonly ExportColumn[], c: ExportColumn): ExportColumn[] {
  if (cols.includes(c) || cols.length >= MAX_COLUMNS || !isExportColumn(c)) return [...cols];
  return [...cols, c];
}

export function removeColumn(cols: readonly ExportColumn[], index: number): ExportColumn[] {
  return cols.filter((_, i) => i !== index);
}

/** The columns not chosen yet, in the offered order: the ready ones, then the user fields.
 * Person columns and person fields only for people recipients. */
export function availableColumns(
  cols: readonly ExportColumn[],
  recipients: Recipients,
  fields: readonly { id: string; entity: string }[],
): ExportColumn[] {
  const chosen = new Set<string>(cols);
  const ready = EXPORT_COLUMNS.filter((c) => !chosen.has(c) && (recipients === 'people' || !PERSON_COLUMNS.has(c)));
  const own = fields
    .filter((f) => recipients === 'people' || f.entity === 'firm')
    .map((f) => fieldColumn(f.id))
    .filter((c) => !chosen.has(c));
  return [...ready, ...own];
}

/** Forgets columns naming a user field that no longer exists (the core would refuse them). */
export function pruneColumns(cols: readonly ExportColumn[], fieldIds: ReadonlySet<string>): ExportColumn[] {
  return cols.filter((c) => {
    const id = columnFieldId(c);
    return id === null || fieldIds.has(id);
  });
}
