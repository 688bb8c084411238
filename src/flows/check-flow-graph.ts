import type { FlowCatalog } from './flow-catalog';
import type { FlowProblemCode } from './flow-problem';
import { stepLinks } from './step-links';

type Report = (code: FlowProblemCode, file: string, path: readonly PropertyKey[], message: string) => void;

const node = (flowId: string, stepId: string): string => `${flowId}#${stepId}`;

interface Edge {
  readonly to: string;
  readonly automatic: boolean;
}

function buildEdges(catalog: FlowCatalog): Map<string, Edge[]> {
  const edges = new Map<string, Edge[]>();
  for (const [flowId, flow] of catalog.flows) {
    for (const step of flow.steps.values()) {
      const out: Edge[] = [];
      for (const link of stepLinks(step)) {
        const targetFlowId = link.flow ?? flowId;
        const target = catalog.flows.get(targetFlowId);
        const targetStep = link.step ?? target?.definition.entry;
        if (target === undefined || targetStep === undefined || !target.steps.has(targetStep)) continue;
        out.push({ to: node(targetFlowId, targetStep), automatic: link.automatic });
      }
      edges.set(node(flowId, step.id), out);
    }
  }
  return edges;
}

/**
 * Graph checks over the whole catalog: a cycle of steps that never waits for the user (error
 * `flows.loop_without_input`, also across jumps), steps no path reaches (warning), branches on
 * attributes no flow captures or sets (warning).
 */
export function checkFlowGraph(catalog: FlowCatalog, report: { error: Report; warn: Report }): void {
  const edges = buildEdges(catalog);
  checkLoops(catalog, edges, report.error);
  checkReachability(catalog, edges, report.warn);
  checkBranchAttributes(catalog, report.warn);
}

function locate(catalog: FlowCatalog, key: string): { file: string; path: PropertyKey[] } {
  const [flowId = '', stepId = ''] = key.split('#');
  const flow = catalog.flows.get(flowId);
  return { file: flow?.file ?? '', path: ['steps', flow?.stepIndex.get(stepId) ?? 0] };
}

function checkLoops(catalog: FlowCatalog, edges: Map<string, Edge[]>, error: Report): void {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (from: string): void => {
    state.set(from, 'open');
    stack.push(from);
    for (const edge of edges.get(from) ?? []) {
      if (!edge.automatic) continue;
      const seen = state.get(edge.to);
      if (seen === undefined) visit(edge.to);
      else if (seen === 'open') {
        const cycle = stack.slice(stack.indexOf(edge.to));
        const key = [...cycle].sort().join('|');
        if (reported.has(key)) continue;
        reported.add(key);
        const where = locate(catalog, edge.to);
        const route = [...cycle, edge.to].join(' → ');
        error('flows.loop_without_input', where.file, where.path, `these steps loop without waiting for the user: ${route}`);
      }
    }
    stack.pop();
    state.set(from, 'done');
  };
  for (const key of edges.keys()) if (!state.has(key)) visit(key);
}

function checkReachability(catalog: FlowCatalog, edges: Map<string, Edge[]>, warn: Report): void {
  const reached = new Set<string>();
  const queue = [...catalog.flows].map(([flowId, flow]) => node(flowId, flow.definition.entry));
  for (let key = queue.pop(); key !== undefined; key = queue.pop()) {
    if (reached.has(key)) continue;
    reached.add(key);
    for (const edge of edges.get(key) ?? []) queue.push(edge.to);
  }
  for (const [flowId, flow] of catalog.flows) {
    for (const step of flow.steps.values()) {
      if (reached.has(node(flowId, step.id))) continue;
      const where = locate(catalog, node(flowId, step.id));
      warn('flows.unreachable_step', where.file, where.path, `step "${step.id}" cannot be reached from the entry "${flow.definition.entry}"`);
    }
  }
}

function checkBranchAttributes(catalog: FlowCatalog, warn: Report): void {
  const captured = new Set<string>(['first_name']);
  for (const flow of catalog.flows.values()) {
    for (const step of flow.steps.values()) {
      if (step.kind === 'ask') captured.add(step.capture.attribute);
      if (step.kind === 'set' && step.value !== null) captured.add(step.attribute);
    }
  }
  for (const flow of catalog.flows.values()) {
    for (const step of flow.steps.values()) {
      if (step.kind !== 'branch') continue;
      step.cases.forEach((branchCase, index) => {
        const { attribute } = branchCase.when;
        if (captured.has(attribute)) return;
        const path = ['steps', flow.stepIndex.get(step.id) ?? 0, 'cases', index, 'when', 'attribute'];
        warn('flows.uncaptured_attribute', flow.file, path, `no flow captures or sets "${attribute}", so this case depends on data from elsewhere`);
      });
    }
  }
}
