// `kartoteka server` as functions: what the CLI (main/cli/server.ts), the tests and the laptop's
// end-to-end tests use. Plain Node with PostgreSQL; nothing here touches SQLite or electron.
export { startSyncServer, type SyncServer, type SyncServerOptions, DEFAULT_MAX_BODY_BYTES } from './http.ts';
export { openServerDb, migrateServerDb, type ServerDb, type OpenedServerDb } from './db.ts';
export { createWorkspace, createInvite, revokeDevice, listDevices, listWorkspaces, INVITE_DAYS, type Invite, type DeviceInfo } from './admin.ts';
export { SyncError } from './errors.ts';
