// What a column of an imported file can fill (issue 15's import wizard). One list shared by
// the parsers' mapping suggestions (main/core/import/), the import pipeline and the wizard's
// column pickers, so a suggested target is always one the pipeline knows how to write.

/** What one import brings in: firms (with address and channels), people (each with their
 * firm, found or created) or contacts (calls, meetings… against a firm, optionally a person). */
export const IMPORT_KINDS = ['firms', 'people', 'contacts'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Fixed targets. `firm.*` also identify the firm of a person or contact row. */
export const IMPORT_TARGETS = [
  // The firm
  'firm.name', 'firm.ico', 'firm.dic', 'firm.vatId', 'firm.country', 'firm.website',
  'firm.email', 'firm.phone', 'firm.industry', 'firm.source', 'firm.note',
  'firm.isCustomer', 'firm.isProspect', 'firm.isSupplier',
  // Its (first, registered) address
  'address.street', 'address.number', 'address.city', 'address.postalCode', 'address.country',
  // A person
  'person.titleBefore', 'person.firstName', 'person.lastName', 'person.patronymic', 'person.titleAfter',
  /** "Ing. Jan Novák" in one column, split by the pipeline */
  'person.fullName',
  'person.gender', 'person.jobTitle', 'person.role', 'person.email', 'person.phone', 'person.mobile', 'person.note',
  // A contact (call, meeting, letter…)
  'contact.date', 'contact.kind', 'contact.status', 'contact.summary', 'contact.note', 'contact.result', 'contact.referent',
  // Memberships: a category/group (by name) and tags (several in one cell, split on , or ;)
  'segment', 'tags',
] as const;
export type FixedImportTarget = (typeof IMPORT_TARGETS)[number];

/** A user field is addressed by its definition's id: `field:<id>`. */
export type FieldImportTarget = `field:${string}`;
export type ImportTarget = FixedImportTarget | FieldImportTarget;

/** Column index → target; a column left out (or null) is not imported. */
export type ImportMapping = Record<number, ImportTarget | null>;

export function isImportTarget(value: string): value is ImportTarget {
  return (IMPORT_TARGETS as readonly string[]).includes(value) || /^field:[A-Za-z0-9_-]{1,64}$/.test(value);
}
