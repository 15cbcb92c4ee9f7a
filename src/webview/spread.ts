/** Where crowded markers go: pure geometry (no DOM), unit-tested in plain Node. */

export interface Offset {
  dx: number;
  dy: number;
  /** How many markers share this one's spot (1: alone). */
  crowd: number;
}

/**
 * Markers that would hide each other (closer than `1.5 × size`, chained) are spread on a small
 * ring around their common centre, in run order starting at the top, so every run's shape and
 * colour stays visible where several runs sit on the same spot (runs that barely moved, or that
 * all ended at the same minimum). Deterministic: the same positions give the same offsets.
 */
export function spreadOffsets(points: readonly ({ x: number; y: number } | undefined)[], size: number): Offset[] {
  const n = points.length;
  const parent = points.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const near = 1.5 * size;
  for (let i = 0; i < n; i++) {
    const a = points[i];
    if (!a) continue;
    for (let j = i + 1; j < n; j++) {
      const b = points[j];
      if (b && Math.abs(a.x - b.x) < near && Math.abs(a.y - b.y) < near && Math.hypot(a.x - b.x, a.y - b.y) < near) parent[find(j)] = find(i);
    }
  }
  const groups = new Map<number, number[]>();
  points.forEach((p, i) => {
    if (!p) return;
    const root = find(i);
    const g = groups.get(root);
    if (g) g.push(i);
    else groups.set(root, [i]);
  });
  const out: Offset[] = points.map(() => ({ dx: 0, dy: 0, crowd: 1 }));
  for (const members of groups.values()) {
    const k = members.length;
    if (k < 2) continue;
    let cx = 0;
    let cy = 0;
    for (const i of members) {
      cx += (points[i] as { x: number }).x / k;
      cy += (points[i] as { y: number }).y / k;
    }
    // clear of the start ring and the minimum star; neighbours just touch: chord 2R·sin(π/k) ≥ 2·size + 3
    const ring = Math.max(size + 8, (size + 1.5) / Math.sin(Math.PI / k));
    members.forEach((i, m) => {
      const a = -Math.PI / 2 + (2 * Math.PI * m) / k;
      const p = points[i] as { x: number; y: number };
      out[i] = { dx: cx + ring * Math.cos(a) - p.x, dy: cy + ring * Math.sin(a) - p.y, crowd: k };
    });
  }
  return out;
}
