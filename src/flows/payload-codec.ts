const PREFIX = 'FLOW|';

/** What tapping a flow quick reply / postback asks for. */
export type FlowPayloadAction =
  | { readonly kind: 'answer'; readonly value: string }
  | { readonly kind: 'skip' }
  | { readonly kind: 'goto'; readonly stepId: string }
  | { readonly kind: 'flow'; readonly flowId: string }
  | { readonly kind: 'enter' };

/** A decoded flow payload: the flow and step that emitted the button, and the action. */
export interface FlowPayload {
  readonly flowId: string;
  readonly stepId: string;
  readonly action: FlowPayloadAction;
}

const ACTION_CODE = { answer: '=', skip: '!', goto: '>', flow: '@', enter: '' } as const;

/**
 * Encodes `FLOW|<flowId>|<stepId>|<action>` where action is `=value`, `!` (skip), `>step`, `@flow`
 * or empty (re-enter the step). Ids never contain `|`; the value may. At most ~340 characters with
 * schema-valid ids and values, well under the 1000-character payload limit.
 */
export function encodeFlowPayload(payload: FlowPayload): string {
  const { action } = payload;
  const argument =
    action.kind === 'answer' ? action.value : action.kind === 'goto' ? action.stepId : action.kind === 'flow' ? action.flowId : '';
  return `${PREFIX}${payload.flowId}|${payload.stepId}|${ACTION_CODE[action.kind]}${argument}`;
}

/** Decodes a payload made by {@link encodeFlowPayload}; null for any other payload. */
export function decodeFlowPayload(payload: string): FlowPayload | null {
  if (!payload.startsWith(PREFIX)) return null;
  const rest = payload.slice(PREFIX.length);
  const first = rest.indexOf('|');
  const second = rest.indexOf('|', first + 1);
  if (first <= 0 || second <= first + 1) return null;
  const flowId = rest.slice(0, first);
  const stepId = rest.slice(first + 1, second);
  const code = rest.charAt(second + 1);
  const argument = rest.slice(second + 2);
  const action = decodeAction(code, argument);
  return action === null ? null : { flowId, stepId, action };
}

function decodeAction(code: string, argument: string): FlowPayloadAction | null {
  switch (code) {
    case '=':
      return { kind: 'answer', value: argument };
    case '!':
      return { kind: 'skip' };
    case '>':
      return argument === '' ? null : { kind: 'goto', stepId: argument };
    case '@':
      return argument === '' ? null : { kind: 'flow', flowId: argument };
    case '':
      return { kind: 'enter' };
    default:
      return null;
  }
}
