import { lazy, type ReactNode } from 'react';
import { FlowPage } from './flows/flow-page';
import { FlowsPage } from './flows/flows-page';
import type { Location } from './router';
import { StartRunPage } from './operate/start-run-page';
import { RunPage } from './runs/run-page';
import { RunsListPage } from './runs/runs-list-page';

/** The designer brings CodeMirror: its own chunk, loaded when the designer opens. */
const DesignerPage = lazy(() => import('./designer/designer-page').then((m) => ({ default: m.DesignerPage })));

/** One console page: a path pattern (`/flows/:id`) and what it shows. */
export interface ConsoleRoute {
  pattern: string;
  render: (params: Record<string, string>, location: Location) => ReactNode;
}

/** The console's pages, first match wins. A view adds its routes here (and a nav entry below if it has one). */
export const routes: ConsoleRoute[] = [
  { pattern: '/', render: () => <FlowsPage /> },
  { pattern: '/flows', render: () => <FlowsPage /> },
  { pattern: '/flows/:id', render: (params, location) => <FlowPage id={params.id} location={location} /> },
  { pattern: '/designer', render: (_, location) => <DesignerPage location={location} /> },
  {
    pattern: '/flows/:id/start',
    render: (params, location) => (
      <StartRunPage flowId={params.id} version={Number(location.query.get('version')) || undefined} />
    ),
  },
  { pattern: '/runs', render: (_, location) => <RunsListPage location={location} /> },
  {
    pattern: '/runs/:runId',
    render: (params, location) => (
      <RunPage key={params.runId} runId={params.runId} initialNode={location.query.get('node') ?? undefined} />
    ),
  },
];

/** The header's links: a path and the path prefix that marks it current. */
export const navItems: { label: string; to: string; prefix: string }[] = [
  { label: 'Flows', to: '/flows', prefix: '/flows' },
  { label: 'Designer', to: '/designer', prefix: '/designer' },
  { label: 'Runs', to: '/runs', prefix: '/runs' },
];
