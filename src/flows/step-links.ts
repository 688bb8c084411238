import type { FlowStep } from './flow-step';
import type { SayButton, SayContent, SayQuickReply } from './say-content';

/**
 * A reference from a step to another step (`step`, in this flow unless `flow` is set; a `flow` without
 * `step` means that flow's entry). `automatic` links are followed without waiting for the user.
 */
export interface StepLink {
  readonly path: readonly PropertyKey[];
  readonly flow?: string;
  readonly step?: string;
  readonly automatic: boolean;
}

function optionLinks(
  options: readonly (SayQuickReply | SayButton)[] | undefined,
  prefix: readonly PropertyKey[],
): StepLink[] {
  return (options ?? []).flatMap((option, index): StepLink[] => {
    if (!('next' in option || 'flow' in option)) return [];
    if (option.next !== undefined) return [{ path: [...prefix, index, 'next'], step: option.next, automatic: false }];
    if (option.flow !== undefined) return [{ path: [...prefix, index, 'flow'], flow: option.flow, automatic: false }];
    return [];
  });
}

function contentLinks(content: SayContent, prefix: readonly PropertyKey[]): StepLink[] {
  return [
    ...optionLinks(content.quickReplies, [...prefix, 'quickReplies']),
    ...optionLinks(content.buttons, [...prefix, 'buttons']),
    ...(content.cards ?? []).flatMap((card, index) => optionLinks(card.buttons, [...prefix, 'cards', index, 'buttons'])),
  ];
}

const next = (target: string | undefined, automatic: boolean, path: PropertyKey[] = ['next']): StepLink[] =>
  target === undefined ? [] : [{ path, step: target, automatic }];

/** Every link out of `step`, with its JSON path relative to the step. */
export function stepLinks(step: FlowStep): StepLink[] {
  switch (step.kind) {
    case 'say':
      return [
        ...next(step.next, true),
        ...contentLinks(step, []),
        ...(step.variants ?? []).flatMap((variant, index) => contentLinks(variant, ['variants', index])),
      ];
    case 'ask':
      return [
        ...next(step.next, false),
        ...next(step.fallback, false, ['fallback']),
        ...next(step.skip?.next, false, ['skip', 'next']),
      ];
    case 'branch':
      return [
        ...step.cases.map((branchCase, index) => ({ path: ['cases', index, 'next'], step: branchCase.next, automatic: true })),
        { path: ['else'], step: step.else, automatic: true },
      ];
    case 'set':
    case 'goal':
      return next(step.next, true);
    case 'jump':
      return [{ path: step.step === undefined ? ['flow'] : ['step'], flow: step.flow, step: step.step, automatic: true }];
    case 'handoff':
    case 'end':
      return [];
  }
}

/** True when a *say* step waits for a tap: no `next`, but quick replies or postbacks that route. */
export function sayWaits(step: FlowStep): boolean {
  return step.kind === 'say' && step.next === undefined && stepLinks(step).length > 0;
}
