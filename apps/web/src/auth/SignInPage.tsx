import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { describeError, errorCode, isApiError } from '../api/errors.ts';
import { DemoLogins } from './DemoLogins.tsx';
import { useSessionStore } from './useSession.ts';
import styles from './SignInPage.module.css';

function describeSignInError(error: unknown): string {
  if (errorCode(error) === 'UNAUTHORIZED' && isApiError(error)) {
    return error.message.trim() || 'Wrong email or password.';
  }
  return describeError(error);
}

/** Email and password; the server's answer in words; works from the keyboard alone. */
export function SignInPage({ notice }: { notice: string | null }) {
  const session = useSessionStore();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const passwordInput = useRef<HTMLInputElement>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  const errorId = useId();

  // After a failed attempt the password is selected, ready to be typed again.
  useEffect(() => {
    if (attempt === 0) return;
    passwordInput.current?.focus();
    passwordInput.current?.select();
  }, [attempt]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await session.signIn({ email: email.trim(), password });
      // Signed in: this page unmounts.
    } catch (cause) {
      setError(describeSignInError(cause));
      setBusy(false);
      setAttempt((value) => value + 1);
    }
  }

  return (
    <main className={styles.page}>
      <div className={`${styles.panel} card`}>
        <p className={styles.brand} aria-hidden="true">
          Pulse
        </p>
        <h1 id="signin-title">Sign in to Pulse</h1>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        <form className={styles.form} aria-labelledby="signin-title" aria-busy={busy} onSubmit={onSubmit}>
          <label className="field">
            <span>Email</span>
            <input
              type="email"
              name="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-describedby={error ? errorId : undefined}
            />
          </label>
          <label className="field">
            <span>Password</span>
            <input
              ref={passwordInput}
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? errorId : undefined}
            />
          </label>
          {error && (
            <p className="form-error" id={errorId} role="alert">
              {error}
            </p>
          )}
          <button ref={submitButton} type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <DemoLogins
          onPick={(pickedEmail, pickedPassword) => {
            setEmail(pickedEmail);
            setPassword(pickedPassword);
            setError(null);
            submitButton.current?.focus();
          }}
        />
      </div>
    </main>
  );
}
