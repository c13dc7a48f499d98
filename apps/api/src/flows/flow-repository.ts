import { Injectable } from '@nestjs/common';
import type { ExecutionPlan, FlowDefinition } from '@weft/dsl';
import { isDeepStrictEqual } from 'node:util';
import { NotFoundError } from '../problems/api-errors';

export interface FlowVersion {
  id: string;
  version: number;
  createdAt: string;
  definition: FlowDefinition;
  plan: ExecutionPlan;
}

/**
 * Immutable flow versions, kept in memory.
 * TODO(persistence issue): replace with a database-backed store; the interface stays.
 */
@Injectable()
export class FlowRepository {
  private readonly versions = new Map<string, FlowVersion[]>();

  /** Stores the next version, or returns the latest when the definition is unchanged. */
  publish(
    definition: FlowDefinition,
    compile: (version: number) => ExecutionPlan,
  ): { flow: FlowVersion; created: boolean } {
    const history = this.versions.get(definition.id) ?? [];
    const latest = history.at(-1);
    if (latest && isDeepStrictEqual(latest.definition, definition)) return { flow: latest, created: false };
    const version = history.length + 1;
    const flow = {
      id: definition.id,
      version,
      createdAt: new Date().toISOString(),
      definition,
      plan: compile(version),
    };
    this.versions.set(definition.id, [...history, flow]);
    return { flow, created: true };
  }

  list(): FlowVersion[] {
    return [...this.versions.values()].map((history) => history.at(-1)!);
  }

  versionsOf(id: string): FlowVersion[] {
    const history = this.versions.get(id);
    if (!history) throw new NotFoundError(`flow "${id}" not found`);
    return history;
  }

  /** The version asked for (the latest when none is), or undefined. */
  find(id: string, version?: number): FlowVersion | undefined {
    const history = this.versions.get(id);
    return version === undefined ? history?.at(-1) : history?.[version - 1];
  }

  get(id: string, version?: number): FlowVersion {
    const history = this.versionsOf(id);
    if (version === undefined) return history.at(-1)!;
    const found = history[version - 1];
    if (!found) throw new NotFoundError(`flow "${id}" has no version ${version} (latest is ${history.length})`);
    return found;
  }
}
