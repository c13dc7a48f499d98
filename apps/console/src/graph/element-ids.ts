/**
 * Graph element ids. A node inside a loop or foreach body, or inside an expanded subflow, is named by its path of
 * node ids: `batch/charge` is node `charge` of the body of `batch`. Top-level nodes keep their own id, so a
 * status map keyed by node id colours them directly.
 */
export const childNodeId = (parent: string | undefined, id: string) => (parent ? `${parent}/${id}` : id);

export const edgeId = (scope: string | undefined, index: number) => `${scope ?? ''}#edge${index}`;
