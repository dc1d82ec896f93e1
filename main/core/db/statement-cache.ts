// Kysely's SQLite driver prepares every query afresh. Preparing is most of the cost of a small
// write: SQLite compiles the statement together with every trigger it fires — the search index's,
// the first page's, and change capture's (0015: one INSERT per captured column) — about 0.1–0.4 ms
// per statement, more than running it. The app sends the same few hundred SQL texts over and
// over, so the Database handed to Kysely keeps the most recently used statements by their text.
// A statement still running (a streamed SELECT being iterated) is never handed out twice: a
// fresh one is prepared instead. Schema changes need nothing here: SQLite re-prepares a cached
// statement whose schema moved on (a migration, the demo generator's trigger swaps).
import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

export function withStatementCache(sqlite: SQLite.Database, max = 256): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        // Least recently used first: a hit moves to the end.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const stmt = sqlite.prepare(sql);
      if (!cached) {
        cache.set(sql, stmt);
        if (cache.size > max) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
}
