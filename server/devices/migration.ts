// The device register's table (migration 4, server/storage/migrations.ts appends it).
export const DEVICES_TABLE = [
  `CREATE TABLE devices (
    id TEXT PRIMARY KEY, user_id TEXT, office_id TEXT, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,
    app_version TEXT, revoked_at TEXT, revoked_by TEXT, wipe_ordered_at TEXT, erased_at TEXT)`,
  `CREATE INDEX devices_user ON devices (user_id)`,
  `CREATE INDEX sessions_device ON sessions (device_id)`,
];
