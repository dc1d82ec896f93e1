// Test fixture (run as a child process by migrations/interrupted.test.ts; it lives here, not
// beside that test, because migrations/ may not import main/): opens the database given as the
// first argument with the real migrations, except that 0003_selling, after running all of its
// statements, reports "inside 0003" and then waits inside its transaction for the test to kill
// this process — a kill at a known point, with no timing involved.
import type { Kysely } from 'kysely';
import { openDatabase } from './open.ts';
import { migrations } from '../../../migrations/index.ts';

const file = process.argv[2]!;
const held = {
  ...migrations,
  '0003_selling': {
    async up(db: Kysely<any>) {
      await migrations['0003_selling']!.up(db);
      process.stdout.write('inside 0003\n');
      await new Promise((resolve) => setTimeout(resolve, 120_000));
    },
  },
};
await openDatabase(file, { migrations: held, localUserName: 'Child' });
process.stdout.write('finished\n');
