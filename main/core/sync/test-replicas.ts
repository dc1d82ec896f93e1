// Test support for sync: laptops as real SQLite files. One file is migrated once (the migrations
// are the slow part) and copied per laptop; a copy is another file, so its first open gives it its
// own device id (capture.ts) — as a copied database on a real second laptop.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { closeDatabase, openDatabase } from '../db/open.ts';
import { attachCapture, checkFileIdentity, deviceId } from './capture.ts';

/** A migrated database with an empty outbox (its local user is everyone's shared first data). */
export async function migratedTemplate(dir: string): Promise<string> {
  const file = path.join(dir, 'template.sqlite');
  const open = await openDatabase(file, { localUserName: 'Eva Testová' });
  open.sqlite.exec('DELETE FROM sync_outbox');
  open.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  await closeDatabase(open);
  return file;
}

export class Replica {
  readonly file: string;
  sqlite: SQLite.Database;
  private readonly wall: () => number;

  constructor(template: string, file: string, wall: () => number) {
    fs.copyFileSync(template, file);
    this.file = file;
    this.wall = wall;
    this.sqlite = this.connect();
  }

  private connect(): SQLite.Database {
    const sqlite = new SQLite(this.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    // A "crash" here is the connection's, not the machine's: what was committed stays in the OS's
    // cache either way, and without a flush to the disk per commit the property test runs 10× faster.
    sqlite.pragma('synchronous = OFF');
    attachCapture(sqlite, { wall: this.wall });
    checkFileIdentity(sqlite, this.file);
    return sqlite;
  }

  get device(): string {
    return deviceId(this.sqlite)!;
  }

  /** The process died and the laptop started again: what was committed is all there is. */
  reopen(): void {
    this.sqlite.close();
    this.sqlite = this.connect();
  }

  close(): void {
    if (this.sqlite.open) this.sqlite.close();
  }

  /** The newest stamp this laptop wrote (its last captured change). */
  lastStamp(): string {
    return this.sqlite.prepare('SELECT hlc FROM sync_outbox ORDER BY seq DESC LIMIT 1').pluck().get() as string;
  }
}
