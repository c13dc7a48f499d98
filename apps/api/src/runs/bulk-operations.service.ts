import { Injectable } from '@nestjs/common';
import { InvalidInputError } from '../problems/api-errors';
import { ProblemDetailsFilter } from '../problems/problem-details.filter';
import type { BulkFilterDto, BulkOperation, BulkOperationDto } from './bulk-operations.dto';
import { ListRunsService, queryOf } from './list-runs.service';
import type { OperatorDto } from './operation.dto';
import { RunOperationsService } from './run-operations.service';

/** Runs operated at once: enough to go fast, few enough not to flood Temporal. */
const CONCURRENCY = 8;
/** The largest page visibility is asked for. */
const PAGE = 500;

type RunSummary = Awaited<ReturnType<ListRunsService['page']>>['runs'][number];

export interface BulkResult {
  runId: string;
  ok: boolean;
  error?: { status: number; title: string; detail?: string };
}

/** One operation applied to every run a filter matches, each run reported on its own. */
@Injectable()
export class BulkOperationsService {
  private readonly problems = new ProblemDetailsFilter();

  constructor(
    private readonly listing: ListRunsService,
    private readonly operations: RunOperationsService,
  ) {}

  async apply(operation: BulkOperation, dto: BulkOperationDto, by: string) {
    const { runs, more } = await this.matching(dto.filter, dto.limit ?? 100);
    if (dto.dryRun) return { operation, dryRun: true, matched: runs.length, more, runs };
    const body: OperatorDto = { by, ...(dto.reason && { reason: dto.reason }) };
    const results: BulkResult[] = new Array(runs.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < runs.length; i = next++) results[i] = await this.one(operation, runs[i].runId!, body);
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, runs.length) }, worker));
    const succeeded = results.filter((r) => r.ok).length;
    return {
      operation,
      dryRun: false,
      matched: runs.length,
      more,
      succeeded,
      failed: runs.length - succeeded,
      results,
    };
  }

  /** The runs the filter matches, up to `limit`; `more` when visibility has others beyond it. */
  private async matching(filter: BulkFilterDto, limit: number): Promise<{ runs: RunSummary[]; more: boolean }> {
    if (!Object.values(filter).some((value) => value !== undefined && value !== '')) {
      throw new InvalidInputError('Invalid bulk operation', [
        {
          path: '$.filter',
          message: 'is empty: it would match every run; give at least a flow, a status or a time range',
        },
      ]);
    }
    const query = queryOf(filter) + (filter.status ? '' : ` AND ExecutionStatus = 'Running'`);
    const runs: RunSummary[] = [];
    let token: string | undefined;
    do {
      const page = await this.listing.page(query, Math.min(PAGE, limit - runs.length), token);
      runs.push(...page.runs);
      token = page.nextPageToken;
    } while (token && runs.length < limit);
    return { runs: runs.slice(0, limit), more: Boolean(token) || runs.length > limit };
  }

  private async one(operation: BulkOperation, runId: string, body: OperatorDto): Promise<BulkResult> {
    try {
      await this.operations[operation](runId, body);
      return { runId, ok: true };
    } catch (err) {
      const { status, title, detail } = this.problems.toProblem(err);
      return { runId, ok: false, error: { status, title, ...(detail && { detail }) } };
    }
  }
}
