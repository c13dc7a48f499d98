import { Inject, Injectable } from '@nestjs/common';
import { checkPlanSize, compilePlan, FlowValidationError, type ComponentCatalog, type FlowResolver } from '@weft/dsl';
import { validateFlowDefinition } from './dto';
import { COMPONENT_CATALOG } from './component-catalog.provider';
import { FlowRepository, type FlowVersion } from './flow-repository';

@Injectable()
export class FlowsService {
  constructor(
    private readonly repository: FlowRepository,
    @Inject(COMPONENT_CATALOG) private readonly catalog: ComponentCatalog,
  ) {}

  publish(body: unknown): { flow: FlowVersion; created: boolean } {
    const definition = validateFlowDefinition(body, this.catalog, this.resolveFlow);
    const plain = JSON.parse(JSON.stringify(definition)) as typeof definition;
    return this.repository.publish(plain, (version) => {
      const plan = compilePlan(plain, version, this.resolveFlow);
      const issues = checkPlanSize(plan);
      if (issues.length) throw new FlowValidationError(issues);
      return plan;
    });
  }

  /** Subflows pin the version they name, or the latest one at the time the parent is published. */
  private readonly resolveFlow: FlowResolver = (id, version) => this.repository.find(id, version);

  list(): FlowVersion[] {
    return this.repository.list();
  }

  versions(id: string): FlowVersion[] {
    return this.repository.versionsOf(id);
  }

  get(id: string, version?: number): FlowVersion {
    return this.repository.get(id, version);
  }

  components() {
    return [...this.catalog.values()];
  }
}
