/** The size of a node on the canvas, which both layouts place. */
export const NODE_WIDTH = 200;
export const NODE_HEIGHT = 64;

/** Where a layout puts a node: relative to its parent when it is inside an expanded body. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
