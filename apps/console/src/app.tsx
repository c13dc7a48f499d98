import { Suspense } from 'react';
import { ApiKeyControl } from './components/api-key-control';
import { Link, matchPath, useLocation } from './router';
import { navItems, routes } from './routes';

/** The console's frame: header with navigation and the API key, then the page the hash names. */
export function App() {
  const location = useLocation();
  let page: React.ReactNode = <NotFound path={location.path} />;
  for (const route of routes) {
    const params = matchPath(route.pattern, location.path);
    if (params) {
      page = route.render(params, location);
      break;
    }
  }
  return (
    <div className="app">
      <header className="app-header">
        <Link to="/" className="app-title">
          Weft
        </Link>
        <nav>
          {navItems.map((item) => (
            <Link
              key={item.to}
              to={item.to}
              className={location.path.startsWith(item.prefix) ? 'nav-link current' : 'nav-link'}
            >
              {item.label}
            </Link>
          ))}
        </nav>
        <span className="app-header-spacer" />
        <a className="nav-link" href="/docs" target="_blank" rel="noreferrer">
          API docs
        </a>
        <ApiKeyControl />
      </header>
      <main className="app-main">
        <Suspense fallback={<p className="page muted">Loading…</p>}>{page}</Suspense>
      </main>
    </div>
  );
}

function NotFound({ path }: { path: string }) {
  return (
    <div className="page">
      <h1>Not found</h1>
      <p>
        The console has no page at <code>{path}</code>. <Link to="/flows">Flows</Link>
      </p>
    </div>
  );
}
