// Test fixture (run as a child process by kill.test.ts and scripts/kill-test.ts): opens the
// database given as the first argument through the real database layer (openDatabase: WAL,
// synchronous = FULL, the app's pragmas) and commits writes one after another — a firm, its search
// index row written by the schema's triggers in the same transaction — printing each one's number
// only once its commit returned. The parent kills it with SIGKILL at a random moment; every
// number printed is a write the app would have acknowledged to the user.
import { openDatabase } from '../db/open.ts';
import { uuidv7 } from '../util/ids.ts';

const [file, run] = [process.argv[2]!, process.argv[3] ?? '0'];
// Only the firms' pages are checked at this start: the parent runs integrity_check after every kill.
const open = await openDatabase(file, { localUserName: 'Kill test', integrityCheck: { only: ['firms'] } });
for (let seq = 1; ; seq++) {
  const now = Date.now();
  const id = uuidv7(now);
  await open.db.transaction().execute(async (trx) => {
    await trx.insertInto('firms').values({
      id, name: `Zápis ${run}/${seq}`, is_customer: 1, is_prospect: 0, is_supplier: 0, country: 'CZ', ico: null, dic: null,
      vat_id: null, website: `https://example.cz/${'x'.repeat(seq % 300)}`, industry_id: null, source_id: null, owner_id: null,
      created_at: now, updated_at: now, deleted_at: null,
    }).execute();
  });
  process.stdout.write(`${seq}\n`);
}
