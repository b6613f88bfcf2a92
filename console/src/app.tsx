// The console's shell: who is signed in (GET /api/v1/me), the navigation their role may use, and
// the page for the current route. A Member never sees an admin screen here either: the server
// already sends them from /admin to their account page, and so does the console when a role
// changes while it is open (the API would refuse every call anyway).
import type { ComponentChildren } from 'preact';
import { useLoad } from './components/use-load.js';
import { loadMe } from './loaders.js';
import { loadTiers } from './tiers.js';
import { Link, useFocusHeading, useLocation } from './router.js';
import { Icon, type IconName } from './components/icons.js';
import { ErrorNotice, Loading } from './components/ui.js';
import { isOwner, ROLE_NAMES } from './format.js';
import type { Me, Role } from './types.js';
import { OverviewPage } from './pages/overview.js';
import { SeatsPage } from './pages/seats.js';
import { BillingPage } from './pages/billing.js';
import { MembersPage } from './pages/members.js';
import { LogPage } from './pages/log.js';
import { IdentityPage } from './pages/identity.js';
import { SettingsPage } from './pages/settings.js';

export interface PageProps { me: Me; query: URLSearchParams }

interface Route { path: string; label: string; icon: IconName; page: (p: PageProps) => ComponentChildren; roles: (r: Role) => boolean }

const anyAdmin = (r: Role) => r !== 'member';
const ROUTES: Route[] = [
  { path: '/', label: 'Overview', icon: 'home', page: (p) => <OverviewPage {...p} />, roles: anyAdmin },
  { path: '/seats', label: 'Seats', icon: 'seat', page: (p) => <SeatsPage {...p} />, roles: anyAdmin },
  { path: '/members', label: 'Members', icon: 'people', page: (p) => <MembersPage {...p} />, roles: anyAdmin },
  { path: '/log', label: 'Provisioning log', icon: 'list', page: (p) => <LogPage {...p} />, roles: anyAdmin },
  { path: '/identity', label: 'Identity', icon: 'key', page: (p) => <IdentityPage {...p} />, roles: anyAdmin },
  { path: '/billing', label: 'Billing', icon: 'receipt', page: (p) => <BillingPage {...p} />, roles: isOwner },
  { path: '/settings', label: 'Settings', icon: 'gear', page: (p) => <SettingsPage {...p} />, roles: isOwner },
];

export function App() {
  const me = useLoad(loadShell, []);
  const loc = useLocation();
  useFocusHeading(loc.path);
  if (me.loading && !me.data) return <div class="boot"><Loading label="Opening the admin console" /></div>;
  if (!me.data) return <main class="boot"><h1>Admin console</h1><ErrorNotice error={me.error} /></main>;
  const who = me.data;
  if (who.member.role === 'member') {
    window.location.replace('/account?from=admin');
    return <div class="boot"><Loading label="Opening your account page" /></div>;
  }
  const allowed = ROUTES.filter((r) => r.roles(who.member.role));
  const route = ROUTES.find((r) => r.path === loc.path);
  return (
    <div class="shell">
      <a class="skip" href="#main">Skip to content</a>
      <header class="topbar">
        <div class="brand"><span class="logo" aria-hidden="true">S</span> Seatgate <span class="muted">Admin console</span></div>
        <div class="org" title={who.org.slug}>{who.org.name}</div>
        <div class="user">
          <span>{who.member.displayName ?? who.member.email} <span class="muted">· {ROLE_NAMES[who.member.role]}</span></span>
          <form method="post" action="/logout"><button type="submit" class="btn ghost">Sign out</button></form>
        </div>
      </header>
      <nav class="sidebar" aria-label="Admin console">
        <ul>
          {allowed.map((r) => (
            <li key={r.path}>
              <Link href={r.path} aria-current={route?.path === r.path ? 'page' : undefined}><Icon name={r.icon} /> {r.label}</Link>
            </li>
          ))}
        </ul>
        <p class="api-link"><a href="/api/docs">Admin API reference</a></p>
      </nav>
      <main id="main" class="content">
        {route && route.roles(who.member.role) ? route.page({ me: who, query: loc.query })
          : route ? <NotAllowed label={route.label} /> : <NotFound />}
      </main>
    </div>
  );
}

/** Who is signed in, then (for an admin) the tier catalogue every page reads. */
async function loadShell(): Promise<Me> {
  const me = await loadMe();
  if (me.member.role !== 'member') await loadTiers();
  return me;
}

function NotAllowed({ label }: { label: string }) {
  return <><h1>{label}</h1><p>Only Owners of the organization can open this page.</p></>;
}

function NotFound() {
  return <><h1>Page not found</h1><p>There is no such page in the admin console. <Link href="/">Go to the overview</Link>.</p></>;
}
