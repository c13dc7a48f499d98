import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ServiceError,
  type ScheduleDescription,
  type ScheduleHandle,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleSpec,
  type Workflow,
} from '@temporalio/client';
import { msNumberToTs, tsToDate } from '@temporalio/common/lib/time';
import { toMilliseconds } from '@weft/dsl';
import { FLOW_ID, type TemporalEnv } from '@weft/interpreter';
import { asc, eq } from 'drizzle-orm';
import type { Actor } from '../auth/actor';
import { DATABASE } from '../database/database.module';
import type { Database } from '../database/open-database';
import { schedules } from '../database/schema';
import { assertStorable } from '../database/storable-text';
import type { FlowVersion } from '../flows/flow-repository';
import { FlowsService } from '../flows/flows.service';
import { ConflictError, InvalidInputError, NotFoundError } from '../problems/api-errors';
import { checkRunInputs } from '../runs/run-inputs';
import { runStart } from '../runs/run-start';
import { TEMPORAL_CLIENT, TEMPORAL_ENV } from '../temporal/temporal.module';
import { RunNotifications } from '../webhooks/run-notifications';
import type {
  BackfillScheduleDto,
  CreateScheduleDto,
  OverlapPolicy,
  ScheduleSpecDto,
  UpdateScheduleDto,
} from './schedule.dto';
import { refusedSpec, toTemporalSpec } from './schedule-spec';
import { MISSING, scheduleView, type ScheduleRow, type ScheduleView } from './schedule-view';

/** Schedules described at once when listing. */
const DESCRIBE_CONCURRENCY = 8;

/**
 * Schedules are Temporal Schedules; the `schedules` table keeps what Temporal does not (the flow, a pinned version,
 * inputs, who made it). Every change to both happens in one database transaction that also calls Temporal: when
 * Temporal refuses, the row change rolls back.
 */
@Injectable()
export class SchedulesService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly flows: FlowsService,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(TEMPORAL_ENV) private readonly env: TemporalEnv,
    private readonly notifications: RunNotifications,
  ) {
    notifications.onChange((flowId) => this.renotify(flowId));
  }

  /**
   * Subscriptions changed for a flow (null: every flow): each of its schedules' actions is told anew whether its
   * runs notify, keeping the flow version and inputs the action already has.
   */
  private async renotify(flowId: string | null): Promise<void> {
    const rows = await this.db
      .select({ id: schedules.id, flowId: schedules.flowId })
      .from(schedules)
      .where(flowId === null ? undefined : eq(schedules.flowId, flowId));
    const notifyOf = new Map<string, ReturnType<RunNotifications['forFlow']>>();
    for (const row of rows) {
      if (!notifyOf.has(row.flowId)) notifyOf.set(row.flowId, this.notifications.forFlow(row.flowId));
      const notify = await notifyOf.get(row.flowId);
      await this.handle(row.id)
        .update((previous) => {
          if (previous.action.type !== 'startWorkflow') return previous;
          const [input, ...rest] = previous.action.args as [Record<string, unknown>, ...unknown[]];
          const { notify: _before, ...plain } = input;
          return {
            ...previous,
            action: { ...previous.action, args: [notify ? { ...plain, notify } : plain, ...rest] },
          };
        })
        .catch((err: unknown) => {
          if (!(err instanceof ScheduleNotFoundError)) throw err;
        });
    }
  }

  async create(dto: CreateScheduleDto, actor: Actor): Promise<ScheduleView> {
    assertStorable(dto, 'Invalid schedule');
    const flow = await this.flowOf(dto.flowId, dto.version ?? undefined);
    const inputs = dto.inputs ?? {};
    checkRunInputs(flow, inputs);
    const spec = toTemporalSpec(dto.spec);
    const action = await this.action(dto.id, flow, inputs);
    let made = false;
    try {
      await this.db.transaction(async (tx) => {
        const [existing] = await tx.select({ id: schedules.id }).from(schedules).where(eq(schedules.id, dto.id));
        if (existing) throw new ConflictError(`schedule "${dto.id}" already exists`);
        await tx.insert(schedules).values({
          id: dto.id,
          flowId: flow.id,
          flowVersion: dto.version ?? null,
          inputs,
          description: dto.description ?? null,
          createdBy: actor.name,
          updatedBy: actor.name,
        });
        await this.temporal(dto.spec, () =>
          this.client.schedule.create({
            scheduleId: dto.id,
            spec,
            action,
            policies: this.policies(dto),
            state: { paused: dto.paused ?? false, ...(dto.note && { note: dto.note }) },
            memo: { weftFlowId: flow.id },
            typedSearchAttributes: [{ key: FLOW_ID, value: flow.id }],
          }),
        );
        made = true;
      });
    } catch (err) {
      // The row did not commit: the Temporal schedule made in its transaction must not outlive it.
      if (made)
        await this.handle(dto.id)
          .delete()
          .catch(() => undefined);
      if (isUniqueViolation(err)) throw new ConflictError(`schedule "${dto.id}" already exists`);
      throw err;
    }
    return this.get(dto.id);
  }

  async list(flowId?: string): Promise<ScheduleView[]> {
    const rows = await this.db
      .select()
      .from(schedules)
      .where(flowId ? eq(schedules.flowId, flowId) : undefined)
      .orderBy(asc(schedules.id));
    const views: ScheduleView[] = new Array(rows.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < rows.length; i = next++)
        views[i] = scheduleView(rows[i], await this.describe(rows[i].id));
    };
    await Promise.all(Array.from({ length: Math.min(DESCRIBE_CONCURRENCY, rows.length) }, worker));
    return views;
  }

  async get(id: string): Promise<ScheduleView> {
    const row = await this.row(id);
    return scheduleView(row, await this.describe(id));
  }

  async update(id: string, dto: UpdateScheduleDto, actor: Actor): Promise<ScheduleView> {
    assertStorable(dto, 'Invalid schedule');
    const row = await this.row(id);
    const pinned = dto.version === undefined ? row.flowVersion : dto.version;
    const flow = await this.flowOf(row.flowId, pinned ?? undefined, '$.version');
    const inputs = dto.inputs ?? row.inputs;
    checkRunInputs(flow, inputs);
    const spec = dto.spec && toTemporalSpec(dto.spec);
    await this.db.transaction(async (tx) => {
      await tx
        .update(schedules)
        .set({
          flowVersion: pinned,
          inputs,
          ...(dto.description !== undefined && { description: dto.description }),
          updatedAt: new Date().toISOString(),
          updatedBy: actor.name,
        })
        .where(eq(schedules.id, id));
      const action = await this.action(id, flow, inputs);
      if (!(await this.describe(id))) {
        // Gone from Temporal: with a spec, the update makes it again; without one there is nothing to make it from.
        if (!spec || !dto.spec) throw new ConflictError(`schedule "${id}": ${MISSING}`);
        await this.temporal(dto.spec, () =>
          this.client.schedule.create({
            scheduleId: id,
            spec,
            action,
            policies: this.policies(dto),
            memo: { weftFlowId: flow.id },
            typedSearchAttributes: [{ key: FLOW_ID, value: flow.id }],
          }),
        );
        return;
      }
      await this.temporal(dto.spec, () =>
        this.handle(id).update((previous) => ({
          ...previous,
          spec: spec ?? (previous.spec as ScheduleSpec),
          action,
          policies: {
            ...previous.policies,
            ...(dto.overlap && { overlap: dto.overlap }),
            ...(dto.catchupWindow !== undefined && { catchupWindow: toMilliseconds(dto.catchupWindow) }),
          },
          state: { paused: previous.state.paused, note: previous.state.note },
        })),
      );
    });
    return this.get(id);
  }

  /** Removes the schedule from Temporal and the row with it; one already gone from Temporal is just forgotten. */
  async delete(id: string): Promise<void> {
    await this.row(id);
    await this.db.transaction(async (tx) => {
      await tx.delete(schedules).where(eq(schedules.id, id));
      try {
        await this.handle(id).delete();
      } catch (err) {
        if (!(err instanceof ScheduleNotFoundError)) throw err;
      }
    });
  }

  async pause(id: string, note: string | undefined, actor: Actor): Promise<ScheduleView> {
    await this.operate(id, (h) => h.pause(note ?? `paused by ${actor.name}`));
    return this.get(id);
  }

  async unpause(id: string, note: string | undefined, actor: Actor): Promise<ScheduleView> {
    await this.operate(id, (h) => h.unpause(note ?? `unpaused by ${actor.name}`));
    return this.get(id);
  }

  async trigger(id: string, overlap?: OverlapPolicy) {
    await this.operate(id, (h) => h.trigger(overlap));
    return { id, requested: 'trigger' as const };
  }

  async backfill(id: string, dto: BackfillScheduleDto) {
    if (Date.parse(dto.end) <= Date.parse(dto.start))
      throw new InvalidInputError('Invalid backfill', [{ path: '$.end', message: 'must be after start' }]);
    await this.operate(id, (h) =>
      h.backfill({ start: new Date(dto.start), end: new Date(dto.end), ...(dto.overlap && { overlap: dto.overlap }) }),
    );
    return { id, requested: 'backfill' as const, start: dto.start, end: dto.end };
  }

  /**
   * The next `count` times the spec matches after now, as Temporal computes them (without jitter, whether paused
   * or not): windows of growing length until enough times are found or a century is searched.
   */
  async nextTimes(id: string, count: number): Promise<{ id: string; times: string[] }> {
    await this.operate(id, (h) => h.describe());
    const from = Date.now();
    const century = 100 * 365 * 86_400_000;
    let times: string[] = [];
    for (let window = 86_400_000; ; window *= 8) {
      const found = await this.client.workflowService.listScheduleMatchingTimes({
        namespace: this.env.namespace,
        scheduleId: id,
        startTime: msNumberToTs(from),
        endTime: msNumberToTs(from + Math.min(window, century)),
      });
      times = (found.startTime ?? []).map((t) => tsToDate(t).toISOString());
      if (times.length >= count || window >= century) break;
    }
    return { id, times: times.slice(0, count) };
  }

  private async row(id: string): Promise<ScheduleRow> {
    const [row] = await this.db.select().from(schedules).where(eq(schedules.id, id));
    if (!row) throw new NotFoundError(`schedule "${id}" not found`);
    return row;
  }

  /** Temporal's description, or undefined when Temporal has no such schedule. */
  private async describe(id: string): Promise<ScheduleDescription | undefined> {
    try {
      return await this.handle(id).describe();
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) return undefined;
      throw err;
    }
  }

  /** An operation on a schedule Weft knows; 404 when it does not, 409 when Temporal lost it. */
  private async operate<T>(id: string, operation: (handle: ScheduleHandle) => Promise<T>): Promise<T> {
    await this.row(id);
    try {
      return await operation(this.handle(id));
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) throw new ConflictError(`schedule "${id}": ${MISSING}`);
      throw err;
    }
  }

  private handle(id: string): ScheduleHandle {
    return this.client.schedule.getHandle(id);
  }

  /** The flow version a schedule runs; an unknown flow or version is bad input, at its path in the body. */
  private async flowOf(flowId: string, version: number | undefined, versionPath = '$.version'): Promise<FlowVersion> {
    try {
      await this.flows.get(flowId);
    } catch (err) {
      if (err instanceof NotFoundError)
        throw new InvalidInputError('Invalid schedule', [{ path: '$.flowId', message: `flow "${flowId}" not found` }]);
      throw err;
    }
    try {
      return await this.flows.get(flowId, version);
    } catch (err) {
      if (err instanceof NotFoundError)
        throw new InvalidInputError('Invalid schedule', [{ path: versionPath, message: err.message }]);
      throw err;
    }
  }

  /**
   * Exactly what `POST /flows/:id/runs` starts; runs are named `<schedule id>-<scheduled time>` by Temporal. Whether
   * its runs tell webhooks is decided here, so a subscription made later reaches them once the schedule is updated.
   */
  private async action(id: string, flow: FlowVersion, inputs: Record<string, unknown>) {
    const start = runStart(flow, inputs);
    const notify = await this.notifications.forFlow(flow.id);
    const action: ScheduleOptionsStartWorkflowAction<Workflow> = {
      type: 'startWorkflow',
      workflowType: start.workflowType,
      workflowId: id,
      taskQueue: this.env.taskQueue,
      args: [notify ? { ...start.input, notify } : start.input],
      staticSummary: `${start.staticSummary} (schedule ${id})`,
      typedSearchAttributes: start.typedSearchAttributes,
      ...(start.workflowExecutionTimeout !== undefined && { workflowExecutionTimeout: start.workflowExecutionTimeout }),
    };
    return action;
  }

  private policies(dto: UpdateScheduleDto) {
    return {
      ...(dto.overlap && { overlap: dto.overlap }),
      ...(dto.catchupWindow !== undefined && { catchupWindow: toMilliseconds(dto.catchupWindow) }),
    };
  }

  /** Calls Temporal, mapping its refusals: a bad spec is a 400 at its path, a taken id a 409. */
  private async temporal<T>(spec: ScheduleSpecDto | undefined, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof ScheduleAlreadyRunning)
        throw new ConflictError(`Temporal already has a schedule "${err.scheduleId}" (one not made through Weft?)`);
      if (err instanceof TypeError && spec) throw refusedSpec(err, spec);
      const grpc = err instanceof ServiceError ? (err.cause as { code?: number; details?: string }) : undefined;
      if (grpc?.code === 3)
        throw new InvalidInputError('Invalid schedule', [{ path: '$', message: grpc.details ?? '' }]);
      throw err;
    }
  }
}

/** A concurrent create of the same id: the second insert waits for the first and then breaks the primary key. */
function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}
