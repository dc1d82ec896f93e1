// Joining a team makes this laptop's user the colleague the invite was made for. Until then the
// laptop's own user is a row it created itself (a random id); the team's data names that
// colleague by the id the admin's invite carries (docs/server.md: an office's existing file
// becomes the workspace's first data, and its users rows are the colleagues). So at join the
// laptop re-points everything it wrote as its own user — firms it owns, contacts it logged,
// notes it wrote, private ones included (the server shows a private note only to its author's
// devices) — to that id, and the invited row becomes the local one. One transaction; captured
// like any edit, so colleagues see this laptop's work under its owner's real name. It runs at the
// first sync after joining, between pulling and pushing (handlers.ts): a users row the team
// already has arrives first and is reused — a colleague's second laptop adds no copy of it.
import type SQLite from 'better-sqlite3';

export interface Adopted { from: string; to: string; repointed: number }

/** Every (table, column) whose foreign key names users(id). */
function userReferences(sqlite: SQLite.Database): { table: string; column: string }[] {
  const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).pluck().all() as string[];
  const refs: { table: string; column: string }[] = [];
  for (const table of tables) {
    const fks = sqlite.prepare(`SELECT "table" AS parent, "from" AS col, "to" AS target FROM pragma_foreign_key_list(?)`).all(table) as { parent: string; col: string; target: string | null }[];
    for (const fk of fks) if (fk.parent === 'users' && (fk.target === null || fk.target === 'id')) refs.push({ table, column: fk.col });
  }
  return refs;
}

/** Makes `userId` (named `name`) this laptop's own user; null when it already is. */
export function adoptUser(sqlite: SQLite.Database, userId: string, name: string, now: number): Adopted | null {
  return sqlite.transaction(() => {
    const local = sqlite.prepare(`SELECT * FROM users WHERE is_local = 1 ORDER BY created_at LIMIT 1`).get() as Record<string, unknown> | undefined;
    if (!local || local.id === userId) return null;
    const from = local.id as string;
    const exists = sqlite.prepare(`SELECT 1 FROM users WHERE id = ?`).get(userId) !== undefined;
    if (exists) sqlite.prepare(`UPDATE users SET is_local = 1, deleted_at = NULL, updated_at = ? WHERE id = ?`).run(now, userId);
    else {
      // The laptop's profile (e-mail, phone, position) goes with it; the name is the one the admin gave.
      sqlite.prepare(`INSERT INTO users (id, name, email, is_local, phone, position, created_at, updated_at, deleted_at)
        VALUES (?, ?, ?, 1, ?, ?, ?, ?, NULL)`).run(userId, name || String(local.name), local.email ?? null, local.phone ?? '', local.position ?? '', now, now);
    }
    let repointed = 0;
    for (const r of userReferences(sqlite)) {
      repointed += sqlite.prepare(`UPDATE "${r.table}" SET "${r.column}" = ? WHERE "${r.column}" = ?`).run(userId, from).changes;
    }
    sqlite.prepare(`UPDATE users SET is_local = 0 WHERE id = ?`).run(from);
    // Nothing names the laptop's placeholder user any more: it goes, so colleagues never see it.
    sqlite.prepare(`DELETE FROM users WHERE id = ?`).run(from);
    return { from, to: userId, repointed };
  })();
}
