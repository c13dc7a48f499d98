import { Inject, Injectable } from '@nestjs/common';
import { componentCatalog } from '@weft/components';
import {
  childPath,
  COMPONENT_PATTERN,
  compileSchema,
  type ComponentCatalog,
  type ComponentDescriptor,
  type ComponentQueues,
  type ValidationIssue,
} from '@weft/dsl';
import type { TemporalEnv } from '@weft/interpreter';
import { assertStorable } from '../database/storable-text';
import { canonicalJson } from '../flows/content-hash';
import { ConflictError, InvalidInputError, NotFoundError } from '../problems/api-errors';
import { TEMPORAL_ENV } from '../temporal/temporal.module';
import { ComponentStore, type RegisteredComponentRow } from './component-store';
import { QueuePollers, type QueueServing } from './queue-pollers';
import type { RegisterComponentDto } from './register-component.dto';

/** A component as GET /components shows it. */
export interface ComponentView extends ComponentDescriptor {
  language: string;
  /** Served by every Weft worker beside the interpreter, on the run's own task queue. */
  builtIn: boolean;
  taskQueue: string;
  /** The worker that registered it last, and when; null for a built-in no worker registered. */
  workerIdentity: string | null;
  registeredAt: string | null;
  /** Whether a worker polls its task queue now; null when Temporal could not be asked. */
  serving: boolean | null;
  lastPollAt: string | null;
  workers: string[];
}

/** What publishing checks task nodes against, and where it routes each task. */
export interface ComponentResolution {
  catalog: ComponentCatalog;
  queues: ComponentQueues;
}

/**
 * The components flows may use: the built-in ones, which every Weft worker serves on the run's own task queue, and
 * those component workers registered, each served on the queue it registered with.
 */
@Injectable()
export class ComponentRegistry {
  private readonly builtIns = componentCatalog();
  /** Descriptors kept per registration, so an unchanged schema is the same object and Ajv compiles it once. */
  private readonly descriptors = new Map<string, { registeredAt: string; descriptor: ComponentDescriptor }>();

  constructor(
    private readonly store: ComponentStore,
    private readonly pollers: QueuePollers,
    @Inject(TEMPORAL_ENV) private readonly env: TemporalEnv,
  ) {}

  async register(name: string, dto: RegisterComponentDto, by: string): Promise<ComponentView> {
    if (!COMPONENT_PATTERN.test(name)) {
      throw new InvalidInputError('Invalid component', [
        { path: '$.name', message: 'name must be a dotted component name such as "team.do_thing"' },
      ]);
    }
    const issues = [
      ...schemaIssues(dto.inputSchema, '$.inputSchema'),
      ...schemaIssues(dto.outputSchema, '$.outputSchema'),
    ];
    if (issues.length) throw new InvalidInputError('Invalid component', issues);
    assertStorable(dto, 'Invalid component');
    const builtIn = this.builtIns.get(name);
    if (builtIn && !sameComponent(builtIn, dto)) {
      throw new ConflictError(
        `"${name}" is a built-in component: only a Weft TypeScript worker may register it, with its own schemas`,
      );
    }
    const row = await this.store.upsert({
      name,
      language: dto.language,
      taskQueue: dto.taskQueue,
      workerIdentity: dto.workerIdentity,
      description: dto.description ?? null,
      inputSchema: dto.inputSchema,
      outputSchema: dto.outputSchema ?? null,
      registeredBy: by,
    });
    const [view] = await this.views([row]);
    return view;
  }

  /**
   * Forgets a registration: publishing no longer accepts the component (a built-in stays usable) and new versions no
   * longer route to its queue; versions published before keep the queue in their plans.
   */
  async unregister(name: string): Promise<void> {
    if (!(await this.store.delete(name))) throw new NotFoundError(`component "${name}" is not registered`);
  }

  /** The catalog and queues as they are now, read at each publish so a new registration counts at once. */
  async resolve(): Promise<ComponentResolution> {
    const catalog = new Map(this.builtIns);
    const queues = new Map<string, string>();
    for (const row of await this.store.list()) {
      if (this.builtIns.has(row.name)) continue;
      catalog.set(row.name, this.descriptorOf(row));
      queues.set(row.name, row.taskQueue);
    }
    return { catalog, queues: (component) => queues.get(component) };
  }

  async list(): Promise<ComponentView[]> {
    const rows = await this.store.list();
    const registered = new Set(rows.map((row) => row.name));
    const unregistered = [...this.builtIns.values()].filter(({ name }) => !registered.has(name));
    const views = await this.views([...rows, ...unregistered]);
    return views.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private async views(entries: (RegisteredComponentRow | ComponentDescriptor)[]): Promise<ComponentView[]> {
    const queueOf = (entry: RegisteredComponentRow | ComponentDescriptor) =>
      'taskQueue' in entry ? entry.taskQueue : this.env.taskQueue;
    const serving = new Map<string, Promise<QueueServing | undefined>>();
    for (const queue of new Set(entries.map(queueOf))) {
      serving.set(
        queue,
        this.pollers.describe(queue).catch(() => undefined),
      );
    }
    return Promise.all(
      entries.map(async (entry) => {
        const builtIn = this.builtIns.get(entry.name);
        const row = 'taskQueue' in entry ? entry : undefined;
        const { name, description, inputSchema, outputSchema } = builtIn ?? this.descriptorOf(row!);
        const polled = await serving.get(queueOf(entry));
        return {
          name,
          ...(description && { description }),
          language: row?.language ?? 'typescript',
          builtIn: builtIn !== undefined,
          taskQueue: queueOf(entry),
          workerIdentity: row?.workerIdentity ?? null,
          registeredAt: row?.registeredAt ?? null,
          inputSchema,
          ...(outputSchema && { outputSchema }),
          serving: polled?.serving ?? null,
          lastPollAt: polled?.lastPollAt ?? null,
          workers: polled?.workers ?? [],
        };
      }),
    );
  }

  private descriptorOf(row: RegisteredComponentRow): ComponentDescriptor {
    const kept = this.descriptors.get(row.name);
    if (kept?.registeredAt === row.registeredAt) return kept.descriptor;
    const descriptor: ComponentDescriptor = {
      name: row.name,
      ...(row.description !== null && { description: row.description }),
      inputSchema: row.inputSchema,
      ...(row.outputSchema !== null && { outputSchema: row.outputSchema }),
    };
    this.descriptors.set(row.name, { registeredAt: row.registeredAt, descriptor });
    return descriptor;
  }
}

/** A schema the checks can compile; `$id` is refused: Ajv keeps one schema per id, so a re-registration would clash. */
function schemaIssues(schema: Record<string, unknown> | undefined, path: string): ValidationIssue[] {
  if (schema === undefined) return [];
  const idAt = findKey(schema, '$id', path);
  if (idAt) return [{ path: idAt, message: '$id is not supported in component schemas' }];
  try {
    compileSchema(schema);
    return [];
  } catch (err) {
    return [{ path, message: `not a valid JSON Schema: ${(err as Error).message}` }];
  }
}

function findKey(value: unknown, key: string, path: string): string | undefined {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findKey(item, key, childPath(path, i));
      if (found) return found;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [name, item] of Object.entries(value)) {
      if (name === key) return childPath(path, key);
      const found = findKey(item, key, childPath(path, name));
      if (found) return found;
    }
  }
  return undefined;
}

function sameComponent(builtIn: ComponentDescriptor, dto: RegisterComponentDto): boolean {
  return (
    dto.language === 'typescript' &&
    canonicalJson(builtIn.inputSchema) === canonicalJson(dto.inputSchema) &&
    canonicalJson(builtIn.outputSchema ?? null) === canonicalJson(dto.outputSchema ?? null)
  );
}
