import type { ScheduleDescription } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import { FLOW_VERSION } from '@weft/interpreter';
import type { schedules } from '../database/schema';
import { specView, type SpecView } from './schedule-spec';

export type ScheduleRow = typeof schedules.$inferSelect;

export interface ScheduleView {
  id: string;
  flowId: string;
  /** The pinned version; null when the schedule follows the latest version (resolved at create and update). */
  version: number | null;
  /** The version its runs start. */
  runsVersion?: number;
  inputs: Record<string, unknown>;
  description: string | null;
  spec?: SpecView;
  overlap?: string;
  catchupWindow?: number;
  paused?: boolean;
  note?: string;
  actionsTaken?: number;
  recentActions?: { scheduledAt: string; takenAt: string; runId: string }[];
  runningRunIds?: string[];
  nextActionTimes?: string[];
  /** Set when Weft knows the schedule but Temporal does not (deleted outside Weft): delete it, or update its spec. */
  missing?: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export const MISSING =
  'the Temporal schedule is gone (deleted outside Weft?): delete this schedule, or update it with a spec to recreate it';

/** What Weft keeps of a schedule, with what Temporal says of it (its spec, state, recent and next actions). */
export function scheduleView(row: ScheduleRow, description: ScheduleDescription | undefined): ScheduleView {
  const base = {
    id: row.id,
    flowId: row.flowId,
    version: row.flowVersion,
    inputs: row.inputs,
    description: row.description,
  };
  const audit = {
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
  if (!description) return { ...base, missing: MISSING, ...audit };
  const attributes = description.action.typedSearchAttributes;
  const runsVersion = attributes instanceof TypedSearchAttributes ? attributes.get(FLOW_VERSION) : undefined;
  return {
    ...base,
    ...(runsVersion !== undefined && { runsVersion }),
    spec: specView(description.spec),
    overlap: description.policies.overlap,
    catchupWindow: description.policies.catchupWindow,
    paused: description.state.paused,
    ...(description.state.note && { note: description.state.note }),
    actionsTaken: description.info.numActionsTaken,
    recentActions: description.info.recentActions.map((a) => ({
      scheduledAt: a.scheduledAt.toISOString(),
      takenAt: a.takenAt.toISOString(),
      runId: a.action.workflow.workflowId,
    })),
    runningRunIds: description.info.runningActions.map((a) => a.workflow.workflowId),
    nextActionTimes: description.info.nextActionTimes.map((t) => t.toISOString()),
    ...audit,
  };
}
