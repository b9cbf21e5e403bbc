/**
 * Dissolving polygons that share boundaries (wards into a locality) without a geometry library: every ring
 * becomes directed edges with the inside on the left, an edge shared by two neighbours appears once in each
 * direction and cancels, and what is left is traced back into rings. It relies on neighbours sharing their
 * boundary vertex for vertex, which the shipped ward file does (simplified with topology preserved; where two
 * simplified boundaries part for a few metres they leave a sliver, and slivers are dropped, see below).
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

/**
 * The union of polygons that tile a region. Rings smaller than `sliverShare` of the result's area are
 * dropped: they are the gaps and overlaps where two neighbours' simplified boundaries part, not real holes
 * or islands (a real enclave is a whole ward, far larger).
 */
export function dissolvePolygons(polygons: readonly PolygonRings[], sliverShare = 1e-3): PolygonRings[] {
  // Directed edges with the inside on the left; a shared edge cancels against its reverse.
  const edges = new Map<string, { from: Position; to: Position; count: number }>();
  for (const polygon of polygons) {
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
      if (keyOf(current) === startKey && ring.length >= 4) rings.push(ring);
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
