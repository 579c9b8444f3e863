// The caller's office and its users, as the directory shows them. The query
// names its columns: password_hash and anything added to users later never
// leave the server by accident of a SELECT *.
import type { DirectoryResponse, DirectoryUser } from '../../shared/sync/directory';
import { UserRole } from '../../shared/domain/enums';
import type { Sql } from '../storage/types';
import { ApiError } from '../errors';

interface UserRow {
  id: string;
  display_name: string;
  role: string;
  disabled: number | boolean;
}
interface OfficeRow {
  id: string;
  code: string;
  name: string;
}

export async function officeDirectory(sql: Sql, officeId: string): Promise<DirectoryResponse> {
  const office = await sql.get<OfficeRow>('SELECT id, code, name FROM offices WHERE id = ?', [officeId]);
  if (!office) throw new ApiError(403, 'no_office', 'your office no longer exists; ask an administrator');
  const rows = await sql.all<UserRow>(
    'SELECT id, display_name, role, disabled FROM users WHERE office_id = ? ORDER BY display_name, id',
    [officeId],
  );
  const users: DirectoryUser[] = [];
  for (const row of rows) {
    const role = UserRole.safeParse(row.role);
    if (!role.success) continue;
    users.push({ id: row.id, displayName: row.display_name, role: role.data, active: !Number(row.disabled) });
  }
  return {
    office: { id: office.id, code: office.code, name: office.name },
    users,
    at: new Date().toISOString(),
  };
}
