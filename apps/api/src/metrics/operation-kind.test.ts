import { operationKind, operationOutcome } from './operation-kind';

describe('operationKind', () => {
  it.each([
    ['POST', '/runs/:runId/pause', 'pause'],
    ['POST', '/runs/:runId/resume', 'resume'],
    ['POST', '/runs/:runId/cancel', 'cancel'],
    ['POST', '/runs/:runId/terminate', 'terminate'],
    ['POST', '/runs/:runId/variables', 'set-variables'],
    ['POST', '/runs/:runId/nodes/:nodeId/retry', 'retry'],
    ['POST', '/runs/:runId/nodes/:nodeId/skip', 'skip'],
    ['POST', '/runs/:runId/nodes/:nodeId/approve', 'approve'],
    ['POST', '/runs/:runId/nodes/:nodeId/reject', 'reject'],
    ['POST', '/runs/:runId/nodes/:nodeId/resume', 'resume-node'],
    ['PUT', '/runs/:runId/nodes/:nodeId/breakpoint', 'set-breakpoint'],
    ['DELETE', '/runs/:runId/nodes/:nodeId/breakpoint', 'clear-breakpoint'],
    ['POST', '/runs/bulk/cancel', 'bulk'],
    ['POST', '/runs/:runId/rerun', 'rerun'],
  ])('%s %s is %s', (method, route, kind) => {
    expect(operationKind(method, route)).toBe(kind);
  });

  it.each([
    ['GET', '/runs/:runId'],
    ['GET', '/runs/:runId/nodes/:nodeId'],
    ['POST', '/flows/:flowId/runs'],
    ['POST', '/flows'],
    ['POST', 'unmatched'],
  ])('%s %s is no operation', (method, route) => {
    expect(operationKind(method, route)).toBeUndefined();
  });

  it('says ok, refused (4xx) or error (5xx)', () => {
    expect([200, 202, 400, 404, 409, 429, 500, 503].map(operationOutcome)).toEqual([
      'ok',
      'ok',
      'refused',
      'refused',
      'refused',
      'refused',
      'error',
      'error',
    ]);
  });
});
