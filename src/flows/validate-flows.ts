import { MESSAGE_LIMITS as L } from '../core';
import type { FlowSource } from './flow-catalog';
import { createFlowCatalog } from './flow-catalog';
import { checkFlowGraph } from './check-flow-graph';
import type { FlowProblem, FlowProblemCode } from './flow-problem';
import { formatJsonPath } from './flow-problem';
import { stepLinks } from './step-links';
import { normalizeText } from './validators/validate-choice';

/** What cross-file validation needs to know about the rest of the bot. */
export interface ValidateFlowsOptions {
  /** Intent names defined in `intents/`; a trigger on any other intent is an error. */
  readonly knownIntents: ReadonlySet<string>;
}

type Report = (code: FlowProblemCode, file: string, path: readonly PropertyKey[], message: string) => void;

/**
 * Cross-file checks of schema-valid flows: duplicate flow/step ids, unknown steps, flows, intents and
 * goals, triggers claimed by two flows, too many quick replies, loops without user input (errors);
 * unreachable steps and branches on attributes no flow captures (warnings). Returns every problem found.
 */
export function validateFlows(sources: readonly FlowSource[], options: ValidateFlowsOptions): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const error: Report = (code, file, path, message) =>
    problems.push({ code, severity: 'error', file, path: formatJsonPath(path), message });
  const warn: Report = (code, file, path, message) =>
    problems.push({ code, severity: 'warning', file, path: formatJsonPath(path), message });

  const firstFile = new Map<string, string>();
  for (const { definition, file } of sources) {
    const other = firstFile.get(definition.id);
    if (other !== undefined) error('flows.duplicate_flow', file, ['id'], `flow "${definition.id}" is also defined in ${other}`);
    else firstFile.set(definition.id, file);
  }
  const catalog = createFlowCatalog(sources);
  for (const source of sources) {
    if (catalog.flows.get(source.definition.id)?.file !== source.file) continue;
    checkSteps(source, catalog.flows, error);
    checkTriggers(source, options, error);
  }
  checkDuplicateTriggers(sources, catalog.flows, error);
  checkFlowGraph(catalog, { error, warn });
  return problems;
}

function checkSteps(
  { definition, file }: FlowSource,
  flows: ReturnType<typeof createFlowCatalog>['flows'],
  error: Report,
): void {
  const ids = new Map<string, number>();
  definition.steps.forEach((step, index) => {
    const first = ids.get(step.id);
    if (first !== undefined) error('flows.duplicate_step', file, ['steps', index, 'id'], `duplicate step id "${step.id}" (first at steps[${first}])`);
    else ids.set(step.id, index);
  });
  if (!ids.has(definition.entry)) error('flows.unknown_step', file, ['entry'], `no step "${definition.entry}" in flow "${definition.id}"`);
  definition.steps.forEach((step, index) => {
    for (const link of stepLinks(step)) {
      const path = ['steps', index, ...link.path];
      const targetFlow = link.flow === undefined ? definition : flows.get(link.flow)?.definition;
      if (targetFlow === undefined) {
        error('flows.unknown_flow', file, path, `no flow "${link.flow ?? ''}"`);
      } else if (link.step !== undefined && !targetFlow.steps.some((candidate) => candidate.id === link.step)) {
        error('flows.unknown_step', file, path, `no step "${link.step}" in flow "${targetFlow.id}"`);
      }
    }
    if (step.kind === 'goal' && definition.goals?.[step.goal] === undefined) {
      error('flows.unknown_goal', file, ['steps', index, 'goal'], `goal "${step.goal}" is not declared in "goals"`);
    }
    if (step.kind === 'ask' && step.capture.type === 'choice' && step.skip !== undefined && step.capture.options.length + 1 > L.quickReplies) {
      error('flows.limit_exceeded', file, ['steps', index, 'capture', 'options'], `the options and "Skip" make more than ${L.quickReplies} quick replies`);
    }
  });
}

function checkTriggers({ definition, file }: FlowSource, options: ValidateFlowsOptions, error: Report): void {
  (definition.triggers.intents ?? []).forEach((intent, index) => {
    if (!options.knownIntents.has(intent)) error('flows.unknown_intent', file, ['triggers', 'intents', index], `no intent "${intent}" in intents/`);
  });
}

const TRIGGER_KINDS = ['intents', 'payloads', 'refs', 'adIds', 'keywords'] as const;

function checkDuplicateTriggers(
  sources: readonly FlowSource[],
  flows: ReturnType<typeof createFlowCatalog>['flows'],
  error: Report,
): void {
  const owners = new Map<string, string>();
  for (const { definition, file } of sources) {
    if (flows.get(definition.id)?.file !== file) continue;
    for (const kind of TRIGGER_KINDS) {
      (definition.triggers[kind] ?? []).forEach((value, index) => {
        const key = `${kind}\u0000${kind === 'keywords' ? normalizeText(value) : value}`;
        const owner = owners.get(key);
        if (owner === undefined) owners.set(key, definition.id);
        else if (owner !== definition.id) {
          const other = flows.get(owner)?.file ?? '';
          error('flows.duplicate_trigger', file, ['triggers', kind, index], `"${value}" already triggers flow "${owner}" (${other})`);
        }
      });
    }
  }
}
