/**
 * Dissolving polygons that share boundaries (wards into a locality) without a geometry library: every ring
 * becomes directed edges with the inside on the left, an edge shared by two neighbours appears once in each
 * direction and cancels, and what is left is traced back into rings. Cancelling needs neighbours to share
 * their boundary vertex for vertex, which simplified boundaries only nearly do: a vertex a few metres off its
 * neighbour's, or one side with a vertex the other lacks, leaves the shared edge standing as a hairline
 * inside the locality. So first every vertex within `tolerance` of another is snapped onto it, and every edge
 * that passes within `tolerance` of a vertex is split there; then shared edges are identical, cancel, and
 * what slivers remain (where two boundaries part by more than that) are dropped by their area, see below.
 */
import type { PolygonRings, Position, Ring } from '../../../shared/maps';

/** Twice the signed area of a ring in degrees² (positive when counter-clockwise with x = longitude). */
export function signedArea(ring: Ring): number {
  let sum = 0;
  for (let index = 0; index + 1 < ring.length; index += 1) {
    const [x1, y1] = ring[index] as Position;
    const [x2, y2] = ring[index + 1] as Position;
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}

/** The area of polygons (outer rings minus holes), in degrees². */
export function polygonsArea(polygons: readonly PolygonRings[]): number {
  return polygons.reduce((total, polygon) => total + polygon.reduce((sum, ring, index) => sum + (index === 0 ? Math.abs(signedArea(ring)) : -Math.abs(signedArea(ring))), 0), 0);
}

function oriented(ring: Ring, counterClockwise: boolean): Ring {
  return (signedArea(ring) > 0) === counterClockwise ? ring : [...ring].reverse();
}

function contains(ring: Ring, [x, y]: Position): boolean {
  let inside = false;
  for (let index = 0, previous = ring.length - 1; index < ring.length; previous = index, index += 1) {
    const [xi, yi] = ring[index] as Position;
    const [xj, yj] = ring[previous] as Position;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const keyOf = ([x, y]: Position): string => `${x},${y}`;

/** Every vertex within `tolerance` of another (transitively) moved onto the first of them met. */
function snapVertices(polygons: readonly PolygonRings[], tolerance: number): PolygonRings[] {
  const cellOf = ([x, y]: Position): [number, number] => [Math.floor(x / tolerance), Math.floor(y / tolerance)];
  const grid = new Map<string, Position[]>();
  const snapped = new Map<string, Position>();
  const snap = (position: Position): Position => {
    const known = snapped.get(keyOf(position));
    if (known !== undefined) return known;
    const [column, row] = cellOf(position);
    let target: Position = position;
    search: for (let dx = -1; dx <= 1; dx += 1) {
      for (let dy = -1; dy <= 1; dy += 1) {
        for (const candidate of grid.get(`${column + dx},${row + dy}`) ?? []) {
          if (Math.hypot(candidate[0] - position[0], candidate[1] - position[1]) <= tolerance) {
            target = candidate;
            break search;
          }
        }
      }
    }
    if (target === position) grid.set(`${column},${row}`, [...(grid.get(`${column},${row}`) ?? []), position]);
    snapped.set(keyOf(position), target);
    return target;
  };
  return polygons.map((polygon) =>
    polygon
      .map((ring) => ring.map(snap).filter((position, index, all) => index === 0 || keyOf(position) !== keyOf(all[index - 1] as Position)))
      .filter((ring) => ring.length >= 4),
  ).filter((polygon) => polygon.length > 0);
}

/** Each edge split at every vertex (of any ring) that lies within `tolerance` of it, in order along the edge. */
function splitAtVertices(polygons: readonly PolygonRings[], tolerance: number): PolygonRings[] {
  // Buckets a few hundred tolerances wide: an edge's box touches only a handful of them.
  const size = tolerance * 256;
  const buckets = new Map<string, Position[]>();
  const seen = new Set<string>();
  for (const position of polygons.flat(2)) {
    if (seen.has(keyOf(position))) continue;
    seen.add(keyOf(position));
    const key = `${Math.floor(position[0] / size)},${Math.floor(position[1] / size)}`;
    buckets.set(key, [...(buckets.get(key) ?? []), position]);
  }
  const splitEdge = (from: Position, to: Position): Position[] => {
    const [dx, dy] = [to[0] - from[0], to[1] - from[1]];
    const lengthSquared = dx * dx + dy * dy;
    if (lengthSquared === 0) return [];
    const on: { at: number; position: Position }[] = [];
    for (let column = Math.floor((Math.min(from[0], to[0]) - tolerance) / size); column <= Math.floor((Math.max(from[0], to[0]) + tolerance) / size); column += 1) {
      for (let row = Math.floor((Math.min(from[1], to[1]) - tolerance) / size); row <= Math.floor((Math.max(from[1], to[1]) + tolerance) / size); row += 1) {
        for (const position of buckets.get(`${column},${row}`) ?? []) {
          const at = ((position[0] - from[0]) * dx + (position[1] - from[1]) * dy) / lengthSquared;
          if (at <= 0 || at >= 1) continue;
          const distance = Math.hypot(from[0] + at * dx - position[0], from[1] + at * dy - position[1]);
          if (distance <= tolerance && keyOf(position) !== keyOf(from) && keyOf(position) !== keyOf(to)) on.push({ at, position });
        }
      }
    }
    return on.sort((left, right) => left.at - right.at).map((entry) => entry.position);
  };
  return polygons.map((polygon) =>
    polygon.map((ring) => {
      const result: Position[] = [ring[0] as Position];
      for (let index = 0; index + 1 < ring.length; index += 1) result.push(...splitEdge(ring[index] as Position, ring[index + 1] as Position), ring[index + 1] as Position);
      return result;
    }),
  );
}

/** A closed ring without spikes: a vertex whose two neighbours coincide (there and straight back) goes, with the repeat. */
function withoutSpikes(ring: readonly Position[]): Position[] {
  const open = ring.slice(0, -1);
  let changed = true;
  while (changed && open.length >= 3) {
    changed = false;
    for (let index = 0; index < open.length && open.length >= 3; index += 1) {
      const before = open[(index - 1 + open.length) % open.length] as Position;
      const after = open[(index + 1) % open.length] as Position;
      if (keyOf(before) === keyOf(after)) {
        // Drop the spike's tip and one of the two equal neighbours.
        const tip = index;
        const repeat = (index + 1) % open.length;
        open.splice(Math.max(tip, repeat), 1);
        open.splice(Math.min(tip, repeat), 1);
        changed = true;
      }
    }
  }
  return open.length >= 3 ? [...open, open[0] as Position] : [];
}

/**
 * The union of polygons that tile a region. `tolerance` (in the coordinates' units; the default, in degrees,
 * is 17–28 m at Birmingham's latitude, far below any ward's width) is how far apart two vertices, or a
 * vertex and an edge, may be and still be one point of a shared boundary. Rings smaller than `sliverShare`
 * of the result's area are dropped: they are the gaps and overlaps where two neighbours' simplified
 * boundaries part, not real holes or islands (a real enclave is a whole ward, far larger).
 */
export function dissolvePolygons(polygons: readonly PolygonRings[], sliverShare = 1e-3, tolerance = 2.5e-4): PolygonRings[] {
  // Directed edges with the inside on the left; a shared edge cancels against its reverse.
  const edges = new Map<string, { from: Position; to: Position; count: number }>();
  for (const polygon of splitAtVertices(snapVertices(polygons, tolerance), tolerance)) {
    polygon.forEach((ring, ringIndex) => {
      const directed = oriented(ring, ringIndex === 0);
      for (let index = 0; index + 1 < directed.length; index += 1) {
        const from = directed[index] as Position;
        const to = directed[index + 1] as Position;
        if (keyOf(from) === keyOf(to)) continue;
        const reverse = edges.get(`${keyOf(to)}>${keyOf(from)}`);
        if (reverse !== undefined) {
          reverse.count -= 1;
          if (reverse.count === 0) edges.delete(`${keyOf(to)}>${keyOf(from)}`);
          continue;
        }
        const key = `${keyOf(from)}>${keyOf(to)}`;
        const existing = edges.get(key);
        if (existing !== undefined) existing.count += 1;
        else edges.set(key, { from, to, count: 1 });
      }
    });
  }
  const outgoing = new Map<string, Position[]>();
  for (const edge of edges.values()) {
    for (let copy = 0; copy < edge.count; copy += 1) {
      const list = outgoing.get(keyOf(edge.from)) ?? [];
      list.push(edge.to);
      outgoing.set(keyOf(edge.from), list);
    }
  }
  // Trace closed rings; at a vertex with several ways on, take the sharpest left turn so touching rings separate.
  const rings: Position[][] = [];
  for (const [startKey, starts] of outgoing) {
    while (starts.length > 0) {
      const start = edgesStart(startKey);
      const ring: Position[] = [start];
      let previous = start;
      let current = starts.pop() as Position;
      ring.push(current);
      while (keyOf(current) !== startKey || ring.length < 3) {
        const options = outgoing.get(keyOf(current)) ?? [];
        if (options.length === 0) break;
        const heading = Math.atan2(current[1] - previous[1], current[0] - previous[0]);
        let best = 0;
        let bestTurn = -Infinity;
        options.forEach((option, index) => {
          let turn = Math.atan2(option[1] - current[1], option[0] - current[0]) - heading;
          while (turn <= -Math.PI) turn += 2 * Math.PI;
          while (turn > Math.PI) turn -= 2 * Math.PI;
          if (turn > bestTurn) {
            bestTurn = turn;
            best = index;
          }
        });
        const next = options.splice(best, 1)[0] as Position;
        previous = current;
        current = next;
        ring.push(current);
      }
      const clean = keyOf(current) === startKey ? withoutSpikes(ring) : [];
      if (clean.length >= 4) rings.push(clean);
    }
  }
  const total = rings.reduce((sum, ring) => sum + signedArea(ring), 0);
  const kept = rings.filter((ring) => Math.abs(signedArea(ring)) >= Math.abs(total) * sliverShare);
  const outers = kept.filter((ring) => signedArea(ring) > 0).sort((a, b) => signedArea(b) - signedArea(a));
  const holes = kept.filter((ring) => signedArea(ring) < 0);
  const result: Position[][][] = outers.map((outer) => [outer]);
  for (const hole of holes) {
    // A hole belongs to the smallest outer ring around it.
    const owner = [...result].reverse().find((polygon) => contains(polygon[0] as Ring, hole[0] as Position));
    owner?.push(hole);
  }
  return result;

  function edgesStart(key: string): Position {
    const [x, y] = key.split(',').map(Number) as [number, number];
    return [x, y];
  }
}
