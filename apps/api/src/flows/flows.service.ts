import { assertStorable, unstorableTextIssues } from '../database/storable-text';
import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import {
  checkFlow,
  checkPlanSize,
  compilePlan,
  FlowValidationError,
  type ExecutionPlan,
  type FlowDefinition,
  type FlowResolver,
} from '@weft/dsl';
import { ConflictError, InvalidInputError, NotFoundError } from '../problems/api-errors';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import { ComponentRegistry } from '../components/component-registry';
import { localRemoteIssues } from '../components/local-remote-issues';
import { contentHash } from './content-hash';
import { definitionDiff } from './definition-diff';
import { parseFlowDefinition } from './dto';
import { FlowRepository, type FlowVersion, type FlowVersionSummary } from './flow-repository';
import { referenceKey, subflowReferences } from './subflow-references';

/** A definition that passed every check, ready to become a version. */
interface Checked {
  definition: FlowDefinition;
  hash: string;
  compile(version: number): ExecutionPlan;
}

@Injectable()
export class FlowsService {
  constructor(
    private readonly repository: FlowRepository,
    private readonly components: ComponentRegistry,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
  ) {}

  async publish(body: unknown, createdBy: string): Promise<{ flow: FlowVersion; created: boolean }> {
    const { definition, hash, compile } = await this.check(body);
    return this.repository.publish(definition, hash, createdBy, compile);
  }

  /** Every check publishing makes, without publishing; says whether publishing would make a new version. */
  async validate(body: unknown) {
    const { definition, hash, compile } = await this.check(body);
    const latest = await this.repository.find(definition.id);
    const unchanged = latest?.hash === hash;
    compile(unchanged ? latest.version : (latest?.version ?? 0) + 1);
    return {
      valid: true,
      id: definition.id,
      hash,
      latestVersion: latest?.version ?? null,
      /** true: publishing it answers 200 with the latest version; false: it would become a new version. */
      unchanged,
    };
  }

  /**
   * Shape and static checks, then compilation. The DSL resolves subflows synchronously, so the versions the
   * definition names (in loop and foreach bodies too) are read first: a pinned version as is, an unpinned one as
   * the newest not deprecated at the time the parent is published.
   */
  private async check(body: unknown): Promise<Checked> {
    const { $schema: _schema, ...parsed } = parseFlowDefinition(body);
    const definition = JSON.parse(JSON.stringify(parsed)) as FlowDefinition;
    const unstorable = unstorableTextIssues(definition);
    if (unstorable.length) throw new FlowValidationError(unstorable);
    const resolved = new Map<string, { version: number; plan: ExecutionPlan } | undefined>();
    for (const { flow, version } of subflowReferences(definition)) {
      const found = await this.repository.find(flow, version, { startable: true });
      resolved.set(referenceKey(flow, version), found && { version: found.version, plan: found.plan });
    }
    const resolveFlow: FlowResolver = (id, version) => resolved.get(referenceKey(id, version));
    const { catalog, queues } = await this.components.resolve();
    checkFlow(definition, catalog, resolveFlow);
    const localRemote = localRemoteIssues(definition, queues);
    if (localRemote.length) throw new FlowValidationError(localRemote);
    return {
      definition,
      hash: contentHash(definition),
      compile: (version) => {
        const plan = compilePlan(definition, version, resolveFlow, queues);
        const issues = checkPlanSize(plan);
        if (issues.length) throw new FlowValidationError(issues);
        return plan;
      },
    };
  }

  list(): Promise<FlowVersionSummary[]> {
    return this.repository.list();
  }

  async versions(id: string): Promise<FlowVersionSummary[]> {
    const versions = await this.repository.versionsOf(id);
    if (!versions.length) throw new NotFoundError(`flow "${id}" not found`);
    return versions;
  }

  /** The version asked for, or the latest one (deprecated or not). */
  async get(id: string, version?: number): Promise<FlowVersion> {
    const found = await this.repository.find(id, version);
    if (found) return found;
    if (version === undefined) throw new NotFoundError(`flow "${id}" not found`);
    const latest = await this.repository.find(id);
    if (!latest) throw new NotFoundError(`flow "${id}" not found`);
    throw new NotFoundError(`flow "${id}" has no version ${version} (latest is ${latest.version})`);
  }

  /**
   * The version a run starts: the one asked for, which must not be deprecated, or else the newest version that is
   * not deprecated. 409 when the version asked for is deprecated, or every version is.
   */
  async startable(id: string, version?: number): Promise<FlowVersion> {
    const flow = version === undefined ? await this.repository.find(id, undefined, { startable: true }) : undefined;
    if (flow) return flow;
    const asked = await this.get(id, version);
    if (version === undefined) throw new ConflictError(`every version of flow "${id}" is deprecated`);
    if (asked.deprecation) {
      const { by, at, reason } = asked.deprecation;
      throw new ConflictError(`version ${version} of flow "${id}" is deprecated (by ${by} at ${at}): ${reason}`);
    }
    return asked;
  }

  async diff(id: string, version: number, against?: number) {
    const base = against ?? version - 1;
    if (base < 1) {
      throw new InvalidInputError('Invalid request', [
        { path: '$.against', message: `version ${version} has no previous version; name one to compare with` },
      ]);
    }
    const [from, to] = [await this.get(id, base), await this.get(id, version)];
    return {
      id,
      from: { version: from.version, hash: from.hash },
      to: { version: to.version, hash: to.hash },
      ...definitionDiff(from.definition, to.definition),
    };
  }

  async deprecate(id: string, version: number, by: string, reason: string): Promise<FlowVersionSummary> {
    assertStorable({ reason }, 'Invalid deprecation');
    return (await this.repository.setDeprecation(id, version, { by, reason })) ?? this.missing(id, version);
  }

  async undeprecate(id: string, version: number): Promise<FlowVersionSummary> {
    return (await this.repository.setDeprecation(id, version, undefined)) ?? this.missing(id, version);
  }

  private async missing(id: string, version: number): Promise<never> {
    await this.get(id, version);
    throw new NotFoundError(`flow "${id}" has no version ${version}`);
  }

  /** Deletes a flow with all its versions, unless runs of it are open or schedules start it. */
  async delete(id: string): Promise<void> {
    await this.versions(id);
    const { count } = await this.client.workflow.count(
      `FlowId = ${JSON.stringify(id)} AND ExecutionStatus = "Running"`,
    );
    if (count > 0) throw new ConflictError(`flow "${id}" has ${count} open run(s); cancel them or let them end first`);
    const schedules = await this.repository.scheduleCount(id);
    if (schedules > 0) throw new ConflictError(`flow "${id}" has ${schedules} schedule(s); delete them first`);
    if (!(await this.repository.delete(id))) throw new NotFoundError(`flow "${id}" not found`);
  }
}
