// Shows the sign-in / unlock screen until there is an active session, then the
// app. An expired token does not unmount the app (unsaved form state and the
// outbox stay): a sign-in dialog appears over it and a successful sign-in
// resumes sync. An idle auto-lock hides the app (hidden + inert, so nothing of
// a case is readable or focusable) but keeps it mounted: a half-typed intake
// survives the lock, and sync goes on underneath.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SignInError, type SessionManager } from '../../session/session-manager';
import { useSessionState } from '../sync/sync-context';

export interface LoginGateProps {
  session: SessionManager;
  /** Called after every successful sign-in (e.g. engine.resume()). */
  onSignedIn?: () => void;
  children: ReactNode;
}

export function LoginGate({ session, onSignedIn, children }: LoginGateProps) {
  const state = useSessionState(session);
  if (state.status === 'loading') return null;
  if (state.status === 'active') return <>{children}</>;
  if (state.status === 'expired') {
    return (
      <>
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
    const form = (
      <LoginForm session={session} username={state.user.username} reason="locked" onSignedIn={onSignedIn} />
    );
    if (state.reason === 'restart') return <div className="login-screen">{form}</div>;
    return (
      <>
        <div hidden inert>
          {children}
        </div>
        <div className="login-screen">{form}</div>
      </>
    );
  }
  return (
    <div className="login-screen">
      <LoginForm session={session} username={state.lastUsername ?? ''} onSignedIn={onSignedIn} />
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
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await session.signIn(username, password);
      setPassword('');
      onSignedIn?.();
    } catch (caught) {
      if (caught instanceof SignInError) setError(t(`sync.login.errors.${caught.code}`, caught.details));
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
