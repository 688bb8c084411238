import { useState } from 'preact/hooks';
import { ApiError, request } from '../api';

/** Sign-in with an API key; the server keeps it in an HttpOnly cookie (never in the URL or in script reach). */
export function SignIn(props: { onSignedIn: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await request('POST', '/dashboard/session', { apiKey: key });
      setKey('');
      props.onSignedIn();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The server did not answer.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <main id="main" class="sign-in">
      <h1>Parley dashboard</h1>
      <form onSubmit={submit} method="post">
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="apiKey"
          type="password"
          autoComplete="current-password"
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
          required
          aria-describedby={error ? 'sign-in-error' : 'api-key-help'}
        />
        <p id="api-key-help" class="muted">
          One of the keys in <code>API_KEYS</code>. It is kept in a secure cookie for 8 hours.
        </p>
        {error && (
          <p id="sign-in-error" class="alert" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
