/** Euclidean distance from `point` to the nearest of `minima` of its dimension; undefined when there is none. */
export function distanceToNearest(point: ArrayLike<number> | undefined, minima: readonly (readonly number[])[] | undefined): number | undefined {
  if (!point || !minima) return undefined;
  let best: number | undefined;
  for (const m of minima) {
    if (m.length !== point.length) continue;
    let s = 0;
    for (let i = 0; i < m.length; i++) s += (point[i] - m[i]) ** 2;
    const d = Math.sqrt(s);
    if (best === undefined || d < best) best = d;
  }
  return best;
}
