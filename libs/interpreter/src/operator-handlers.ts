import { condition, setHandler } from '@temporalio/workflow';
import type { FlowExecution } from './flow-execution';
import {
  approveUpdate,
  cancelRequestedSignal,
  pauseSignal,
  pauseUpdate,
  rejectUpdate,
  resumeNodeSignal,
  resumeNodeUpdate,
  resumeSignal,
  resumeUpdate,
  retryNodeSignal,
  retryNodeUpdate,
  setBreakpointUpdate,
  setVariablesSignal,
  setVariablesUpdate,
  skipNodeSignal,
  skipNodeUpdate,
  stateQuery,
  type NodeInput,
  type OperatorInput,
  type RetryNodeInput,
  type SetVariablesInput,
  type SkipNodeInput,
} from './messages';
import type { RunControl } from './run-control';
import type { RunState } from './run-state';
import { withinBudget } from './state-budget';

/** What the operator handlers of one workflow act on. */
export interface OperatorTarget {
  control: RunControl;
  /** The run's state as it stands (a loop's: the current iteration's, with the loop's counters). */
  state(): RunState;
  /** The variables operators may set. */
  vars(): Record<string, unknown>;
  /** Where node operations go: the run's execution, a loop's current iteration; none in a foreach, whose items share node ids. */
  execution(): FlowExecution | undefined;
  /** Node ids breakpoints may name. */
  nodeIds: ReadonlySet<string>;
}

interface Operations {
  pause: OperatorInput;
  resume: OperatorInput;
  retryNode: RetryNodeInput;
  skipNode: SkipNodeInput;
  resumeNode: NodeInput;
  setVariables: SetVariablesInput;
}
type Checks = { [K in keyof Operations]: (input: Operations[K]) => string | undefined };
type Actions = { [K in keyof Operations]: (input: Operations[K]) => void };

/**
 * Registers the state query and every operator operation: updates whose validators refuse with a reason,
 * and the same operations as signals, which drop what an update would refuse.
 */
export function registerOperatorHandlers(target: OperatorTarget): void {
  const { control } = target;
  // Kept under Temporal's payload limit: large values are replaced by their size.
  const view = () => withinBudget(control.view(target.state()));
  setHandler(stateQuery, view);

  const nodeCheck =
    (refusal: (execution: FlowExecution, nodeId: string) => string | undefined) =>
    ({ nodeId }: NodeInput) => {
      const execution = target.execution();
      if (!execution) return 'node operations are not available on a foreach run: address the run that holds the node';
      return refusal(execution, nodeId);
    };

  const checks: Checks = {
    pause: () => (control.paused ? `run is already PAUSED (since ${control.paused.at})` : undefined),
    resume: () => (control.paused ? undefined : 'run is not paused'),
    retryNode: nodeCheck((e, id) => e.retryRefusal(id)),
    skipNode: nodeCheck((e, id) => e.skipRefusal(id)),
    resumeNode: nodeCheck((e, id) => e.resumeRefusal(id)),
    setVariables: (input) => variablesRefusal(input, target.vars()),
  };

  const actions: Actions = {
    pause: (input) => control.pause(input),
    resume: (input) => control.resume(input),
    retryNode: (input) => {
      target.execution()!.requestRetry(input);
      control.record('retryNode', {
        by: input.by,
        reason: input.reason,
        nodeId: input.nodeId,
        ...(input.inputs && { details: { inputs: input.inputs } }),
      });
    },
    skipNode: (input) => {
      target.execution()!.requestSkip(input);
      control.record('skipNode', {
        by: input.by,
        reason: input.reason,
        nodeId: input.nodeId,
        ...('output' in input && { details: { output: input.output } }),
      });
    },
    resumeNode: (input) => {
      target.execution()!.resumeNode(input.nodeId);
      control.record('resumeNode', { by: input.by, reason: input.reason, nodeId: input.nodeId });
    },
    setVariables: (input) => {
      Object.assign(target.vars(), input.vars);
      control.record('setVariables', { by: input.by, reason: input.reason, details: { vars: input.vars } });
      control.forwardVariables(input.vars, { by: input.by, reason: input.reason });
    },
  };

  const pairs = [
    ['pause', pauseUpdate, pauseSignal],
    ['resume', resumeUpdate, resumeSignal],
    ['retryNode', retryNodeUpdate, retryNodeSignal],
    ['skipNode', skipNodeUpdate, skipNodeSignal],
    ['resumeNode', resumeNodeUpdate, resumeNodeSignal],
    ['setVariables', setVariablesUpdate, setVariablesSignal],
  ] as const;
  for (const [name, update, signal] of pairs) {
    const check = checks[name] as (input: unknown) => string | undefined;
    const act = actions[name] as (input: unknown) => void;
    setHandler(
      update,
      async (input: { nodeId?: string }) => {
        act(input);
        // Answer once the node has acted on the decision (RUNNING again, or SKIPPED).
        const execution = target.execution();
        if (input.nodeId !== undefined && execution) await condition(() => execution.settled(input.nodeId!));
        return view();
      },
      { validator: (input: unknown) => refuseWith(check(input ?? {})) },
    );
    setHandler(signal, (input: unknown) => {
      // A signal cannot answer: one that would be refused, or that fails, is dropped and the run goes on.
      try {
        if (input && typeof input === 'object' && !check(input)) act(input);
      } catch {
        return;
      }
    });
  }

  setHandler(
    setBreakpointUpdate,
    ({ nodeId, enabled = true, by, reason }) => {
      if (enabled) control.breakpoints.add(nodeId);
      else control.breakpoints.delete(nodeId);
      control.record(enabled ? 'setBreakpoint' : 'clearBreakpoint', { by, reason, nodeId });
      return view();
    },
    {
      validator: ({ nodeId, enabled = true }) => {
        if (!target.nodeIds.has(nodeId)) refuseWith(`unknown node "${nodeId}"`);
        if (enabled === control.breakpoints.has(nodeId))
          refuseWith(`node "${nodeId}" ${enabled ? 'already has' : 'has no'} breakpoint`);
      },
    },
  );

  for (const [update, decision] of [
    [approveUpdate, 'approved'],
    [rejectUpdate, 'rejected'],
  ] as const) {
    setHandler(
      update,
      async ({ nodeId, payload, by, comment }) => {
        const execution = target.execution()!;
        execution.recordApproval(nodeId, { decision, payload, by, comment });
        control.record(decision === 'approved' ? 'approve' : 'reject', {
          by,
          nodeId,
          details: { payload, ...(comment && { comment }) },
        });
        // Answer with the decision applied: the node no longer WAITING.
        await condition(() => execution.state.nodes[nodeId].status !== 'WAITING');
        return view();
      },
      {
        validator: ({ nodeId, payload }) => {
          const execution = target.execution();
          refuseWith(
            execution ? execution.approvalRefusal(nodeId, payload) : 'approvals are not available on a foreach run',
          );
        },
      },
    );
  }

  setHandler(cancelRequestedSignal, (input) => control.record('cancel', { ...input }));
}

function refuseWith(reason: string | undefined): void {
  if (reason) throw new Error(reason);
}

function variablesRefusal({ vars }: SetVariablesInput, declared: Record<string, unknown>): string | undefined {
  if (!vars || typeof vars !== 'object' || Array.isArray(vars)) return 'vars must be an object of variable values';
  const names = Object.keys(vars);
  if (!names.length) return 'vars names no variable';
  const unknown = names.filter((name) => !Object.hasOwn(declared, name));
  if (unknown.length) {
    const known = Object.keys(declared);
    return `unknown variable${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; the run declares ${known.length ? known.join(', ') : 'none'}`;
  }
  return undefined;
}
