// Server start-up of the audit anchor: loads (or on first start creates) the signing key and
// starts the checkpoint timer. Options given to startServer win over the environment
// (POSKO_AUDIT_SIGNING_KEY, POSKO_AUDIT_KEY_FILE, POSKO_AUDIT_CHECKPOINT_SECONDS).
import type { Storage } from '../storage/storage';
import { AuditAnchor, latestCheckpoint } from './anchor';
import { loadSigningKey, readSigningEnv } from './signing-config';

export interface AuditAnchorOptions {
  /** PKCS#8 PEM of the Ed25519 signing key (wins over the file). */
  auditSigningKey?: string;
  /** Key file (default <dataDir>/audit-signing-key.pem, created with mode 0600). */
  auditKeyFile?: string;
  /** Seconds between checkpoints (default 600; 0 = on demand only). */
  auditCheckpointSeconds?: number;
}

export function openAuditAnchor(
  storage: Storage,
  opts: AuditAnchorOptions & { dataDir?: string },
  log: (level: 'info' | 'warn' | 'error', msg: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): AuditAnchor {
  const fromEnv = readSigningEnv(env);
  const key = loadSigningKey({
    keyPem: opts.auditSigningKey ?? fromEnv.POSKO_AUDIT_SIGNING_KEY,
    keyFile: opts.auditKeyFile ?? fromEnv.POSKO_AUDIT_KEY_FILE,
    dataDir: opts.dataDir ?? './data',
  });
  const anchor = new AuditAnchor(storage, key);
  const seconds = opts.auditCheckpointSeconds ?? fromEnv.POSKO_AUDIT_CHECKPOINT_SECONDS;
  anchor.start(seconds, (err) => log('error', err instanceof Error ? err.message : String(err)));
  log('info', `audit signing key ${key.keyId} (${key.source}); checkpoints every ${seconds || 'never'} s`);
  // Nodes of one database must share the key: one with its own signs what no auditor can check.
  latestCheckpoint(storage.sql).then(
    (last) => {
      if (last && last.keyId !== key.keyId)
        log(
          'warn',
          `the last audit checkpoint was signed by key ${last.keyId}, this node signs with ${key.keyId}: ` +
            'give every node the same key (docs/deployment.md, "Audit signing key")',
        );
    },
    () => undefined, // advisory only (and the server may already be closing)
  );
  return anchor;
}
