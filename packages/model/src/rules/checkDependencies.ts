import { diagnostic, type Diagnostic } from '../errors';

/**
 * Finds dependency cycles in a `name -> dependsOn[]` graph (Flux itself never
 * detects them: the Kustomizations just wait forever). Returns each cycle once,
 * as the list of names around it, starting at its smallest name.
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const cycles = new Map<string, string[]>();
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      const s = state.get(next);
      if (s === 'visiting') {
        const cycle = stack.slice(stack.indexOf(next));
        const min = cycle.reduce((m, x, i) => (x < cycle[m]! ? i : m), 0);
        const rotated = [...cycle.slice(min), ...cycle.slice(0, min)];
        cycles.set(rotated.join(' -> '), rotated);
      } else if (!s) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return [...cycles.values()];
}

/** DependencyCycle diagnostics for a graph, naming the cycle. */
export function checkCycles(graph: ReadonlyMap<string, readonly string[]>, what: string, path: string): Diagnostic[] {
  return findCycles(graph).map((cycle) =>
    diagnostic('DependencyCycle', `${what} depend on each other in a cycle: ${[...cycle, cycle[0]].join(' -> ')}`, path),
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
