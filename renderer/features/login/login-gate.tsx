// Shows the sign-in / unlock screen until there is an active session, then the
// app. An expired token does not unmount the app (unsaved form state and the
// outbox stay): a sign-in dialog appears over it and a successful sign-in
// resumes sync. A lock (idle or at start) renders no case UI at all: the app
// is unmounted, so nothing of a case is in the page while the desk is locked.
// Sync goes on underneath (the engine lives outside React), and due-update
// notifications keep coming, with a count only; the ones already shown are
// closed when the console locks.
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PlatformBridge } from '../../../shared/platform/bridge';
import { getPlatform } from '../../platform/get-platform';
import { SignInError, type SessionManager } from '../../session/session-manager';
import { useDueNotifications } from '../today/use-due-notifications';
import { useSessionState } from '../sync/sync-context';

export interface LoginGateProps {
  session: SessionManager;
  /** Called after every successful sign-in (e.g. engine.resume()). */
  onSignedIn?: () => void;
  /** Tests inject it; the console uses its host's bridge. */
  platform?: Pick<PlatformBridge, 'notify' | 'clearNotifications'>;
  children: ReactNode;
}

export function LoginGate({ session, onSignedIn, platform, children }: LoginGateProps) {
  const state = useSessionState(session);
  // "Offline unlock is not available on this computer" is said once per run, not at every unlock.
  const [noticeSeen, setNoticeSeen] = useState(false);
  if (state.status === 'loading') return null;
  const background =
    state.status === 'signed_out' ? null : (
      <WhileSignedIn locked={state.status === 'locked'} platform={platform ?? getPlatform()} />
    );
  if (state.status === 'active') {
    return (
      <>
        {background}
        {state.offlineUnlock === 'unavailable' && !noticeSeen ? (
          <OfflineUnlockNotice onDismiss={() => setNoticeSeen(true)} />
        ) : null}
        {children}
      </>
    );
  }
  if (state.status === 'expired') {
    return (
      <>
        {background}
        {children}
        <div className="login-overlay" role="dialog" aria-modal="true">
          <LoginForm
            session={session}
            username={state.user.username}
            reason="expired"
            onSignedIn={onSignedIn}
          />
        </div>
      </>
    );
  }
  if (state.status === 'locked') {
    return (
      <>
        {background}
        <div className="login-screen">
          <LoginForm
            session={session}
            username={state.user.username}
            reason="locked"
            onSignedIn={onSignedIn}
          />
        </div>
      </>
    );
  }
  return (
    <div className="login-screen">
      {state.revoked ? <RevokedNotice /> : null}
      <LoginForm session={session} username={state.lastUsername ?? ''} onSignedIn={onSignedIn} />
    </div>
  );
}

/** Runs while someone is signed in, locked or not: due notifications, and clearing them on lock. */
function WhileSignedIn({
  locked,
  platform,
}: {
  locked: boolean;
  platform: Pick<PlatformBridge, 'notify' | 'clearNotifications'>;
}) {
  useDueNotifications(locked, platform);
  useEffect(() => {
    if (locked) void platform.clearNotifications().catch(() => undefined);
  }, [locked, platform]);
  return null;
}

function OfflineUnlockNotice({ onDismiss }: { onDismiss: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice--info" role="alert" data-testid="offline-unlock-unavailable">
      <strong>{t('login.offlineUnavailable.title')}</strong> {t('login.offlineUnavailable.body')}{' '}
      <button type="button" onClick={onDismiss}>
        {t('login.offlineUnavailable.dismiss')}
      </button>
    </div>
  );
}

interface LoginFormProps {
  session: SessionManager;
  username: string;
  reason?: 'locked' | 'expired';
  onSignedIn?: () => void;
}

export function LoginForm({ session, username: initialUsername, reason, onSignedIn }: LoginFormProps) {
  const { t } = useTranslation();
  const [username, setUsername] = useState(initialUsername);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  // The cursor starts in the first empty field (issue 17): the name on a fresh console,
  // the password when the name is known (locked, expired, or the last user's name prefilled).
  useEffect(() => {
    (initialUsername === '' ? usernameRef : passwordRef).current?.focus();
  }, [initialUsername]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.signIn(username, password);
      setPassword('');
      onSignedIn?.();
    } catch (caught) {
      if (caught instanceof SignInError)
        setError(t([`login.errors.${caught.code}`, `sync.login.errors.${caught.code}`], caught.details));
      else setError(t('sync.login.errors.unknown'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="login-form"
      data-testid="login-form"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="login-title"
    >
      <h1 id="login-title">{t('sync.login.title')}</h1>
      {reason === 'locked' && <p>{t('sync.login.locked', { name: initialUsername })}</p>}
      {reason === 'expired' && <p role="alert">{t('sync.login.expired')}</p>}
      <label>
        {t('sync.login.username')}
        <input
          ref={usernameRef}
          name="username"
          autoComplete="username"
          value={username}
          readOnly={reason !== undefined}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
      </label>
      <label>
        {t('sync.login.password')}
        <input
          ref={passwordRef}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
      </label>
      {error && (
        <p role="alert" className="login-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {reason === 'locked' ? t('sync.login.unlock') : t('sync.login.submit')}
      </button>
      {reason === 'locked' && (
        // Another person at this desk: the current user is signed out first (their outbox stays and
        // blocks the new sign-in until it has synced, see SessionManager.pendingOfOthers).
        <button type="button" className="login-switch" onClick={() => void session.logout()}>
          {t('sync.login.switchUser')}
        </button>
      )}
    </form>
  );
}

/** Why this console is empty: an admin revoked it and it erased itself (issue 19). */
function RevokedNotice() {
  const { t } = useTranslation();
  return (
    <div className="login-revoked" role="alert" data-testid="device-revoked">
      <strong>{t('login.revoked.title')}</strong> <p>{t('login.revoked.body')}</p>
    </div>
  );
}
