// `kartoteka server …`: the sync server for an office (docs/server.md) and its admin commands,
// all on one PostgreSQL connection string (--pg, or KARTOTEKA_PG so the password stays out of
// the process list). The CLI speaks English, as its other commands do.
export interface ServerArgs {
  pg?: string; port?: string; host?: string; workspace?: string; admin?: string; 'admin-id'?: string;
  name?: string; 'user-id'?: string; role?: string; device?: string; json?: boolean;
}
export type ServerOutcome = { usage: string } | { code: number };

const usage = (text: string): ServerOutcome => ({ usage: text });


export async function serverCommand(action: string | undefined, args: ServerArgs, out: (text: string) => void = (t) => process.stdout.write(t)): Promise<ServerOutcome> {
  const pg = args.pg ?? process.env.KARTOTEKA_PG;
  if (!pg) return usage('server needs the PostgreSQL database: --pg postgres://user:password@host/database (or KARTOTEKA_PG)');
  if (!/^postgres(ql)?:\/\//.test(pg)) return usage('--pg must be a postgres:// connection string');
  if (action === undefined) return serve(pg, args, out);
  const { openServerDb, createWorkspace, createInvite, revokeDevice, listDevices, listWorkspaces, SyncError } = await import('../server/index.ts');
  const checks = (): ServerOutcome | null => {
    switch (action) {
      case 'init': return !args.workspace ? usage('server init needs --workspace "Name"') : !args.admin ? usage('server init needs --admin "Name"') : null;
      case 'invite':
        if (!args.workspace) return usage('server invite needs --workspace ID (see "kartoteka server devices")');
        if (!args.name) return usage('server invite needs --name "Colleague"');
        if (args.role && args.role !== 'member' && args.role !== 'admin') return usage('--role must be member or admin');
        return null;
      case 'revoke': return args.device ? null : usage('server revoke needs --device ID (see "kartoteka server devices")');
      case 'devices': return null;
      default: return usage(`unknown server command "${action}": init, invite, revoke or devices`);
    }
  };
  const refused = checks();
  if (refused) return refused;
  const { db, close } = await openServerDb(pg, { poolSize: 2 });
  try {
    switch (action) {
      case 'init': {
        const { workspaceId, invite } = await createWorkspace(db, { name: args.workspace!, adminName: args.admin!, adminId: args['admin-id'] });
        out(`Created the workspace "${args.workspace}" (id ${workspaceId}) with ${args.admin} as its admin (user id ${invite.userId}).\n`
          + `Invite code for ${args.admin}: ${invite.code}\n(valid until ${invite.expiresAt.toISOString()}, for one laptop; enter it in Kartoteka on that laptop)\n`);
        return { code: 0 };
      }
      case 'invite': {
        const invite = await createInvite(db, { workspaceId: args.workspace!, name: args.name!, userId: args['user-id'], role: args.role as 'member' | 'admin' | undefined });
        out(`Invite code for ${args.name} (user id ${invite.userId}): ${invite.code}\n(valid until ${invite.expiresAt.toISOString()}, for one laptop)\n`);
        return { code: 0 };
      }
      case 'revoke': {
        const done = await revokeDevice(db, args.device!);
        if (!done) {
          process.stderr.write(`kartoteka: there is no device ${args.device} that is not revoked already.\n`);
          return { code: 1 };
        }
        out(`Device ${args.device} is cut off: its next sync is refused. Its laptop keeps what it had; invite its user again for a new laptop.\n`);
        return { code: 0 };
      }
      default: {
        const [workspaces, devices] = await Promise.all([listWorkspaces(db), listDevices(db, args.workspace)]);
        if (args.json) {
          out(`${JSON.stringify({ workspaces, devices }, null, 2)}\n`);
          return { code: 0 };
        }
        for (const w of workspaces) {
          if (args.workspace && w.id !== args.workspace) continue;
          out(`${w.name}\t${w.id}\t${w.users} user${w.users === 1 ? '' : 's'}\n`);
          for (const d of devices.filter((x) => x.workspaceId === w.id)) {
            const state = d.revokedAt ? `revoked ${d.revokedAt.toISOString()}` : `last seen ${d.lastSeen?.toISOString() ?? 'never'}`;
            out(`  ${d.id}\t${d.userName}\t${d.name}\t${state}\n`);
          }
        }
        return { code: 0 };
      }
    }
  } catch (e) {
    if (e instanceof SyncError) {
      process.stderr.write(`kartoteka: ${e.message}\n`);
      return { code: 1 };
    }
    throw e;
  } finally {
    await close();
  }
}

async function serve(pg: string, args: ServerArgs, out: (text: string) => void): Promise<ServerOutcome> {
  const port = args.port === undefined ? 8787 : Number(args.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return usage(`--port must be a whole number from 0 to 65535, not "${args.port}"`);
  const { startSyncServer } = await import('../server/index.ts');
  const server = await startSyncServer({
    pg, port, host: args.host ?? '127.0.0.1',
    onError: (e) => process.stderr.write(`kartoteka server: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`),
  });
  out(`Kartoteka sync server is listening on ${server.url}\nPress Ctrl+C to stop.\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return { code: 0 };
}
