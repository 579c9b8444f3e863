import type { UserRole } from '../shared/domain/enums';
import type { AuditAnchor } from './audit/anchor';
import type { LoginThrottle } from './auth/rate-limit';
import type { EventHub } from './sync/events';
import type { Storage } from './storage/storage';

/** Everything a route needs, built once per server. */
export interface ServerContext {
  storage: Storage;
  throttle: LoginThrottle;
  events: EventHub;
  sessionTtlMs: number;
  version: string;
  /** Time zone whose calendar year goes into case numbers. */
  caseNumberTimeZone: string;
  /** Signs checkpoints of the audit chain (server/audit/anchor.ts). */
  auditAnchor: AuditAnchor;
}

/** The authenticated caller of a request. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  officeId: string | null;
  deviceId: string;
  tokenHash: string;
}
