import type { ExecutionPlan, PlanEdge, PlanNode } from './plan';

/**
 * A plan as a run's input carries it: what every node of a kind shares (a retry policy, a timeout, `onError`) is
 * given once in `shared`, and what follows from a node's place (its path, its edges, a name that is its id) is left
 * out. A chain of 100 task nodes takes 5.6 KB instead of 39 KB in the history's first event, and every process that
 * passes it on (the server, the worker's core, its main thread, the workflow) handles a seventh of it. Nothing is
 * assumed about defaults: the shared values travel with the plan, so a later compiler's defaults cannot change how
 * an old run's input reads on replay.
 */
export interface WirePlan {
  wire: 1;
  flowId: string;
  version: number;
  variables: Record<string, unknown>;
  output?: unknown;
  /** By node kind, the values that its nodes give only when theirs differ; `edge` for the edges. */
  shared: Record<string, Record<string, unknown>>;
  nodes: WireValues[];
  edges: WireValues[];
}

type WireValues = Record<string, unknown>;

/** Keys every node has and that are derived from where it stands, never shared. */
const DERIVED_NODE_KEYS = new Set(['id', 'kind', 'name', 'path', 'incoming', 'outgoing']);
const EDGE_SHARED_KIND = 'edge';

export function isWirePlan(plan: unknown): plan is WirePlan {
  return typeof plan === 'object' && plan !== null && (plan as { wire?: unknown }).wire === 1;
}

/** The plan's wire form; `fromWirePlan` gives back an equal plan. */
export function toWirePlan(plan: ExecutionPlan): WirePlan {
  const nodes = plan.nodes.map(packNested);
  const shared: WirePlan['shared'] = {};
  for (const [kind, ofKind] of groupBy(nodes, (n) => n.kind as string)) shared[kind] = sharedValues(ofKind);
  const edges = plan.edges as unknown as WireValues[];
  shared[EDGE_SHARED_KIND] = sharedValues(edges, new Set(['from', 'to', 'path']));
  const derived = derivedEdges(
    plan.nodes.map((n) => n.id),
    plan.edges,
  );
  const sharedJson = new Map(Object.entries(shared).map(([kind, values]) => [kind, jsonOf(values)]));
  return {
    wire: 1,
    flowId: plan.flowId,
    version: plan.version,
    variables: plan.variables,
    ...(plan.output !== undefined && { output: plan.output }),
    shared,
    nodes: nodes.map((node, i) => {
      const wire = withoutShared(node, sharedJson.get(node.kind as string)!);
      if (wire.path === `$.nodes[${i}]`) delete wire.path;
      if (wire.name === wire.id) delete wire.name;
      if (sameJson(wire.incoming, derived.incoming[i]) && sameJson(wire.outgoing, derived.outgoing[i])) {
        delete wire.incoming;
        delete wire.outgoing;
      }
      return wire;
    }),
    edges: edges.map((edge, i) => {
      const wire = withoutShared(edge, sharedJson.get(EDGE_SHARED_KIND)!);
      if (wire.path === `$.edges[${i}]`) delete wire.path;
      return wire;
    }),
  };
}

/** The plan a run's input carries, in either form; a full plan is returned as it is. */
export function fromWirePlan(plan: ExecutionPlan | WirePlan): ExecutionPlan {
  if (!isWirePlan(plan)) return plan;
  const edges = plan.edges.map((wire, i) => {
    const edge: WireValues = { path: `$.edges[${i}]` };
    assign(edge, plan.shared[EDGE_SHARED_KIND]);
    return assign(edge, wire) as unknown as PlanEdge;
  });
  const derived = derivedEdges(
    plan.nodes.map((n) => n.id as string),
    edges,
  );
  const nodes = plan.nodes.map((wire, i) => {
    const node: WireValues = {
      id: wire.id,
      path: `$.nodes[${i}]`,
      incoming: derived.incoming[i],
      outgoing: derived.outgoing[i],
      name: wire.id,
    };
    assign(node, plan.shared[wire.kind as string]);
    assign(node, wire);
    if (isWirePlan(node.plan)) node.plan = fromWirePlan(node.plan);
    if (isWirePlan(node.body)) node.body = fromWirePlan(node.body);
    return node as unknown as PlanNode;
  });
  return {
    flowId: plan.flowId,
    version: plan.version,
    nodes,
    edges,
    variables: plan.variables,
    ...(plan.output !== undefined && { output: plan.output }),
  };
}

/** A node with the plans it holds (a subflow's, a loop's or foreach's body) in their wire form too. */
function packNested(node: PlanNode): WireValues {
  const values: WireValues = { ...node };
  if (node.kind === 'subflow') values.plan = toWirePlan(node.plan);
  if (node.kind === 'loop' || node.kind === 'foreach') values.body = toWirePlan(node.body);
  return values;
}

/** Each key all the values have (bar `exclude` and the derived ones) with the value most of them give, if two do. */
function sharedValues(values: WireValues[], exclude: ReadonlySet<string> = DERIVED_NODE_KEYS): WireValues {
  const shared: WireValues = {};
  if (values.length < 2) return shared;
  const keys = Object.keys(values[0]).filter((k) => !exclude.has(k) && values.every((v) => k in v));
  for (const key of keys) {
    const counts = new Map<string, { value: unknown; count: number }>();
    for (const v of values) {
      const json = JSON.stringify(v[key]);
      if (json === undefined) continue;
      const entry = counts.get(json) ?? { value: v[key], count: 0 };
      entry.count += 1;
      counts.set(json, entry);
    }
    const best = [...counts.values()].reduce<{ value: unknown; count: number } | undefined>(
      (a, b) => (a && a.count >= b.count ? a : b),
      undefined,
    );
    if (best && best.count >= 2) shared[key] = best.value;
  }
  return shared;
}

function withoutShared(values: WireValues, sharedJson: ReadonlyMap<string, string>): WireValues {
  const wire: WireValues = { ...values };
  for (const [key, json] of sharedJson) if (JSON.stringify(wire[key]) === json) delete wire[key];
  return wire;
}

function jsonOf(values: WireValues): Map<string, string> {
  return new Map(Object.entries(values).map(([key, value]) => [key, JSON.stringify(value)]));
}

/** Each node's incoming and outgoing edge indexes, in edge order, as the compiler lists them. */
function derivedEdges(ids: string[], edges: readonly PlanEdge[]): { incoming: number[][]; outgoing: number[][] } {
  const index = new Map(ids.map((id, i) => [id, i]));
  const incoming = ids.map((): number[] => []);
  const outgoing = ids.map((): number[] => []);
  edges.forEach((edge, i) => {
    const from = index.get(edge.from);
    const to = index.get(edge.to);
    if (from !== undefined) outgoing[from].push(i);
    if (to !== undefined) incoming[to].push(i);
  });
  return { incoming, outgoing };
}

/** Object.assign without its cost on objects read from JSON (a spread of them was most of an unpack). */
function assign(target: WireValues, source: WireValues | undefined): WireValues {
  if (source) for (const key of Object.keys(source)) target[key] = source[key];
  return target;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
