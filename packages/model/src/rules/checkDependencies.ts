import { diagnostic, type Diagnostic } from '../errors';
import { byteOrder } from '../fileTree/byteOrder';

/**
 * Finds dependency cycles in a `name -> dependsOn[]` graph (Flux itself never
 * detects them: the Kustomizations just wait forever): one cycle per strongly
 * connected component that loops (two or more nodes, or a node on itself), as
 * the shortest way around from its smallest name (byte order), without
 * repeating it at the end; cycles in byte order. Edges to names that are not
 * keys of the graph are ignored (dangling dependencies are another rule's).
 * The one cycle finder: the static rules, `platter check` and the kustomize
 * oracle all read it.
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const edges = (v: string) => (graph.get(v) ?? []).filter((w) => graph.has(w));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  // Tarjan's algorithm.
  const strongConnect = (v: string) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges(v)) {
      if (!index.has(w)) {
        strongConnect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      components.push(component);
    }
  };
  for (const v of [...graph.keys()].sort(byteOrder)) if (!index.has(v)) strongConnect(v);

  const cycles: string[][] = [];
  for (const component of components) {
    const members = new Set(component);
    const start = [...component].sort(byteOrder)[0]!;
    if (component.length === 1 && !edges(start).includes(start)) continue;
    // Breadth-first within the component for the shortest way back to start.
    const previous = new Map<string, string>();
    const queue = [start];
    let found = false;
    while (queue.length && !found) {
      const v = queue.shift()!;
      for (const w of [...edges(v)].sort(byteOrder)) {
        if (!members.has(w)) continue;
        if (w === start) {
          previous.set(start, v);
          found = true;
          break;
        }
        if (!previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    const path: string[] = [];
    for (let v = previous.get(start)!; v !== start; v = previous.get(v)!) path.unshift(v);
    cycles.push([start, ...path]);
  }
  return cycles.sort((a, b) => byteOrder(a.join(' '), b.join(' ')));
}

/** DependencyCycle diagnostics for a graph, naming the cycle. */
export function checkCycles(graph: ReadonlyMap<string, readonly string[]>, what: string, path: string): Diagnostic[] {
  return findCycles(graph).map((cycle) =>
    diagnostic(
      'DependencyCycle',
      `${what} depend on each other in a cycle: ${[...cycle, cycle[0]].join(' -> ')}`,
      path,
    ),
  );
}

/**
 * Orders nodes so that dependencies come first (stable: ties by name). Nodes on
 * a cycle are appended at the end in name order.
 */
export function topologicalOrder(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = [];
  const done = new Set<string>();
  const visiting = new Set<string>();
  const visit = (n: string) => {
    if (done.has(n) || visiting.has(n)) return;
    visiting.add(n);
    for (const d of [...(graph.get(n) ?? [])].sort()) if (graph.has(d)) visit(d);
    visiting.delete(n);
    done.add(n);
    out.push(n);
  };
  for (const n of [...graph.keys()].sort()) visit(n);
  return out;
}
