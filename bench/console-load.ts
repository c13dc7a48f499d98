// The web console's load time, measured by `npm run bench` (BENCH_ONLY=console): a 200-node flow published to the
// API (in-process, embedded store, as `npm run dev` runs it) and opened in headless Chromium (Debian's, through
// playwright-core) from a fresh browser context each time, so the bundle is fetched and parsed cold. The figure is
// the page's own clock from navigation start to the graph drawn: every node rendered at its place. A graph that
// large is drawn first with a quick layered layout while ELK computes its own (a fresh worker's first ELK layout pays
// for compiling ELK); the time to ELK's layout is printed too. Target: under 1 s.
import type { FlowDefinition } from '@weft/dsl';
import { cpus, loadavg } from 'node:os';
import { ensureConsoleBundle, launchChromium } from '../test/browser/chromium';
import { startInProcessApi } from './in-process-api';

export interface ConsoleRow {
  scenario: string;
  interpreter: string;
  baseline: string;
  ratio: number;
  target?: string;
}

export interface ConsoleBenchOptions {
  address: string;
  taskQueue: string;
  selected: (scenario: string) => boolean;
}

const SCENARIO = 'console-200: cold load of a 200-node flow in Chromium, to the graph drawn';
const NODES = 200;
const SAMPLES = 7;
const TARGET_MS = 1000;

/**
 * 200 nodes as a real flow is shaped: 20 stages of a switch with four branches (three conditional and a default, one on failure of the
 * work before it) converging on a join, so the layout has layers, crossings and labelled edges to place.
 */
export function twoHundredNodeFlow(id: string): FlowDefinition {
  const nodes: FlowDefinition['nodes'] = [];
  const edges: NonNullable<FlowDefinition['edges']> = [];
  let previous: string | undefined;
  for (let stage = 0; nodes.length < NODES; stage++) {
    const s = `s${stage}`;
    const work = `${s}_work`;
    nodes.push({ id: work, type: 'task', component: 'core.noop', onError: 'continue' });
    if (previous) edges.push({ from: previous, to: work });
    nodes.push({ id: `${s}_route`, type: 'switch', mode: 'all' });
    edges.push({ from: work, to: `${s}_route` });
    for (let b = 0; b < 4; b++) {
      const branch = `${s}_b${b}`;
      nodes.push(
        b === 3
          ? { id: branch, type: 'set', assign: { [`v${b}`]: b } }
          : { id: branch, type: 'task', component: 'core.noop' },
      );
      edges.push({ from: `${s}_route`, to: branch, ...(b < 3 && { when: `\${inputs.n > ${b}}` }) });
    }
    nodes.push({ id: `${s}_fix`, type: 'task', component: 'core.noop' });
    edges.push({ from: work, to: `${s}_fix`, on: 'failure' });
    nodes.push({ id: `${s}_wait`, type: 'wait', duration: '1ms' });
    edges.push({ from: `${s}_b0`, to: `${s}_wait` });
    nodes.push({ id: `${s}_join`, type: 'task', component: 'core.noop' });
    for (const from of [`${s}_wait`, `${s}_b1`, `${s}_b2`, `${s}_b3`, `${s}_fix`])
      edges.push({ from, to: `${s}_join` });
    nodes.push({ id: `${s}_note`, type: 'set', assign: { stage } });
    edges.push({ from: `${s}_join`, to: `${s}_note` });
    previous = `${s}_note`;
  }
  return { id, name: '200 nodes', inputs: { type: 'object', properties: { n: { type: 'number' } } }, nodes, edges };
}

export async function consoleScenarios(options: ConsoleBenchOptions): Promise<ConsoleRow[]> {
  if (!options.selected(SCENARIO)) return [];
  ensureConsoleBundle();

  const { app, base } = await startInProcessApi(options.address, options.taskQueue);
  const browser = await launchChromium();
  try {
    const flow = twoHundredNodeFlow('bench-console-200');
    const published = await fetch(`${base}/flows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(flow),
    });
    if (!published.ok) throw new Error(`publishing the 200-node flow: ${published.status} ${await published.text()}`);

    // Drawn: every node rendered at its place, by the quick first layout or by ELK's; refined: by ELK's.
    const drawn = (layout: string) =>
      `document.querySelector('.flow-graph[data-layout${layout}]') && document.querySelectorAll('.react-flow__node').length >= ${NODES}`;
    const samples: number[] = [];
    const refined: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
      const page = await context.newPage();
      await page.goto(`${base}/#/flows/${flow.id}`);
      await page.waitForFunction(drawn(''), undefined, { polling: 'raf', timeout: 30_000 });
      samples.push((await page.evaluate('performance.now()')) as number);
      await page.waitForFunction(drawn('="elk"'), undefined, { polling: 'raf', timeout: 30_000 });
      refined.push((await page.evaluate('performance.now()')) as number);
      await context.close();
    }
    const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    console.log(
      `console-200 ELK layout drawn: median ${medianOf(refined).toFixed(0)} ms (${refined.map((s) => s.toFixed(0)).join(', ')})`,
    );
    const sorted = [...samples].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    const worst = sorted[sorted.length - 1];
    const met = median < TARGET_MS;
    console.log(
      `${SCENARIO}: median ${median.toFixed(0)} ms, worst ${worst.toFixed(0)} ms over ${SAMPLES} cold loads ` +
        `(${samples.map((s) => s.toFixed(0)).join(', ')}); target < ${TARGET_MS} ms: ${met ? 'met' : 'NOT met'}; ` +
        `load average ${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs`,
    );
    return [
      {
        scenario: SCENARIO,
        interpreter: `${median.toFixed(0)} ms (worst ${worst.toFixed(0)} ms)`,
        baseline: `${TARGET_MS} ms budget`,
        ratio: median / TARGET_MS,
        target: `< ${TARGET_MS} ms: ${met ? 'met' : 'NOT met'}`,
      },
    ];
  } finally {
    await browser.close();
    await app.close();
  }
}
