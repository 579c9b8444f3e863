// The office directory a console syncs (issue 17, "People, not ids"): who the
// ids in its records are, so every screen can name a person. Only what naming
// needs: id, display name, role and whether the account is active. Never a
// username, a password hash or a session (GET /v1/directory, docs/sync-protocol.md).
import { z } from 'zod';
import { UserRole } from '../domain/enums';

export const DirectoryOffice = z.object({ id: z.string(), code: z.string(), name: z.string() });
export type DirectoryOffice = z.infer<typeof DirectoryOffice>;

export const DirectoryUser = z.object({
  id: z.string(),
  displayName: z.string(),
  role: UserRole,
  /** False for a disabled account: its name still shows on its old work, marked inactive. */
  active: z.boolean(),
});
export type DirectoryUser = z.infer<typeof DirectoryUser>;

export const DirectoryResponse = z.object({
  office: DirectoryOffice,
  users: z.array(DirectoryUser),
  /** When the server read it: the console shows how old its cached copy is. */
  at: z.string(),
});
export type DirectoryResponse = z.infer<typeof DirectoryResponse>;
