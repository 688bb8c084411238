import { useEffect, useState } from 'preact/hooks';
import { get, onSignedOut, request } from './api';
import { RangePicker } from './components/range-picker';
import { CampaignsPage } from './pages/campaigns';
import { FlowsPage } from './pages/flows';
import { IntentsPage } from './pages/intents';
import { OverviewPage } from './pages/overview';
import { SignIn } from './pages/sign-in';
import { TrainingPage } from './pages/training';
import type { Range } from './range';
import { lastDays } from './range';

const PAGES = [
  { id: 'overview', title: 'Overview' },
  { id: 'flows', title: 'Flows' },
  { id: 'campaigns', title: 'Campaigns' },
  { id: 'training', title: 'Training inbox' },
  { id: 'intents', title: 'Intents' },
] as const;
type PageId = (typeof PAGES)[number]['id'];

function pageFromHash(): PageId {
  const id = location.hash.replace(/^#\/?/, '').split('?')[0];
  return PAGES.find((p) => p.id === id)?.id ?? 'overview';
}

type Session = { state: 'checking' } | { state: 'out' } | { state: 'in'; keyRequired: boolean };

/** The dashboard: a sign-in gate, the navigation, the shared date range and the five pages. */
export function App() {
  const [session, setSession] = useState<Session>({ state: 'checking' });
  const [page, setPage] = useState<PageId>(pageFromHash());
  const [range, setRange] = useState<Range>(() => lastDays(28));

  useEffect(() => {
    get<{ keyRequired: boolean; signedIn: boolean }>('/dashboard/session').then(
      (s) => setSession(s.signedIn ? { state: 'in', keyRequired: s.keyRequired } : { state: 'out' }),
      () => setSession({ state: 'out' }),
    );
    const offSignedOut = onSignedOut(() => setSession({ state: 'out' }));
    const onHash = () => setPage(pageFromHash());
    addEventListener('hashchange', onHash);
    return () => {
      offSignedOut();
      removeEventListener('hashchange', onHash);
    };
  }, []);

  useEffect(() => {
    const title = PAGES.find((p) => p.id === page)?.title ?? '';
    document.title = `${title} · Parley`;
  }, [page]);

  if (session.state === 'checking') return <p class="muted center">Loading…</p>;
  if (session.state === 'out')
    return <SignIn onSignedIn={() => setSession({ state: 'in', keyRequired: true })} />;

  const signOut = async () => {
    await request('POST', '/dashboard/logout').catch(() => undefined);
    setSession({ state: 'out' });
  };

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Parley</span>
        <nav aria-label="Dashboard pages">
          <ul>
            {PAGES.map((p) => (
              <li key={p.id}>
                <a href={`#/${p.id}`} aria-current={p.id === page ? 'page' : undefined}>
                  {p.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        {session.keyRequired && (
          <button type="button" class="link" onClick={() => void signOut()}>
            Sign out
          </button>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        <div class="page-head">
          <h1>{PAGES.find((p) => p.id === page)?.title}</h1>
          <RangePicker range={range} onChange={setRange} />
        </div>
        {page === 'overview' && <OverviewPage range={range} />}
        {page === 'flows' && <FlowsPage range={range} />}
        {page === 'campaigns' && <CampaignsPage range={range} />}
        {page === 'training' && <TrainingPage range={range} />}
        {page === 'intents' && <IntentsPage range={range} />}
      </main>
    </>
  );
}
