// The help text of `kartoteka`, apart from the commands: `kartoteka --help` is answered from this
// file alone (entry.ts), without loading the database layer, the contract or any handler.
import { defaultDbPath } from '../core/paths.ts';
import { ENVELOPE_SIZES, EXPORT_COLUMNS, EXPORT_FORMATS, LOCALES, type ExportColumn } from '../../shared/types.ts';

/** Columns of a --where export that names none. */
export const DEFAULT_COLUMNS: ExportColumn[] = ['firmName', 'ico', 'addressee', 'address1', 'address2', 'address3', 'email', 'phone'];

export const EXPORT_HELP = `  export (--selection NAME | --where FILE.json) --out FILE [--format PRESET] [--columns a,b,c] [--locale L]
                              export a saved selection, or the conditions in a JSON file (a selection
                              as the app saves it, or just its {"op":"and","items":[…]} tree);
                              PRESET: ${EXPORT_FORMATS.join(', ')} (default: the saved selection's);
                              columns: ${EXPORT_COLUMNS.slice(0, 6).join(', ')}, … field:<id> (default: the saved
                              selection's, or ${DEFAULT_COLUMNS.join(',')}); L: ${LOCALES.join(', ')}
`;

export const PRINT_HELP = `  print brief (--firm X | --person ID) --out FILE.pdf
  print letters --template NAME (--firm X | --person ID | --selection NAME | --segment NAME [--people]) --out FILE.pdf [--date YYYY-MM-DD]
  print labels --format NAME|CxR [--start N] (target as for letters) --out FILE.pdf
  print envelopes [--size ${ENVELOPE_SIZES.join('|')}] (target as for letters) --out FILE.pdf
                              print to PDF through a local Chromium/Chrome (or CHROMIUM_PATH);
                              X: an IČO, a firm name or an id; [--locale ${LOCALES.join('|')}]
`;

export const PRIVACY_HELP = `  privacy report (--firm X | --person ID) --out FILE.json|FILE.pdf
                              everything held about a person or a firm with its people, for a
                              data-protection request: JSON, or a PDF to hand over (as print)
  privacy erase (--firm X | --person ID) [--consents]
                              erase their personal data (README: "Answering a data-protection
                              request"); --consents erases the consent records too
`;

export const IMPORT_HELP = `  import FILE [--kind firms|people|contacts] [--mode create|update|both] [--mapping FILE.json] [--dry-run] [--skip-invalid]
                              import firms, people (with their firm) or contacts from CSV, XLSX or
                              vCard; the mapping: {"0": "firm.name", "IČO": "firm.ico", …} (by column
                              number or header), default the one remembered for the file's source or
                              suggested; invalid rows stop it (exit 1) unless --skip-invalid
`;

export function helpText(): string {
  return `kartoteka — offline-first CRM

Usage: kartoteka [--db PATH] <command> [options]

Commands:
  serve [--port P]            serve the app to your browser on 127.0.0.1 (prints the URL)
  demo --firms N [--seed S]   fill the database with N realistic demo firms: people, contacts and the whole card
  find TEXT [--json] [--limit N]
                              search firms and people like the app's search box
  migrate                     bring the database to the latest schema (backs it up first)
  check                       check integrity, the search index and the schema version
  backup [--out FILE|FOLDER]  back up the database and new attached files (default: backups/ beside it)
  restore FILE                replace the database by a backup (the current one is kept aside in backups/)
${EXPORT_HELP}${IMPORT_HELP}${PRINT_HELP}${PRIVACY_HELP}
Options:
  --db PATH   the database file (default: ${defaultDbPath()})
  --locale L  the language of exported and printed words and of the order of names (default: the
              language chosen in the app, else the system's, else English)
  --verbose   also report slow database queries and slow handlers on stderr
  --help      this text
`;
}

/** Whether the arguments ask for nothing but the help text (a bare `kartoteka` or `--help`):
 * anything more goes through the full parser, which also reports bad options. */
export function onlyHelp(argv: readonly string[]): boolean {
  return argv.every((a) => a === '--help' || a === '-h');
}
