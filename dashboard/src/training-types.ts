/** The shapes of the training API (src/api/routes/training-routes.ts, src/training). */

export type InboxStatus = 'open' | 'done' | 'ignored';
export type InboxKind = 'unmatched' | 'review' | 'validate';

export interface IntentScore {
  readonly intent: string;
  readonly score: number;
}

export interface InboxItem {
  readonly key: string;
  readonly text: string;
  readonly count: number;
  readonly lastAt: number;
  readonly kind: InboxKind;
  readonly status: InboxStatus;
  readonly logged: { readonly intent: string | null; readonly score: number; readonly matched: boolean };
  readonly suggestions: readonly IntentScore[];
  readonly decision: { readonly action: string; readonly intent: string | null } | null;
}

export interface InboxEntry {
  readonly id: string;
  readonly type: 'item' | 'cluster';
  readonly kind: InboxKind;
  readonly status: InboxStatus;
  readonly count: number;
  readonly lastAt: number;
  readonly suggestions: readonly IntentScore[];
  readonly items: readonly InboxItem[];
}

export interface InboxPage {
  readonly entries: readonly InboxEntry[];
  readonly nextCursor: string | null;
  readonly total: number;
  readonly counts: Readonly<Record<InboxStatus, number>>;
  readonly modelVersion: string;
}

export interface TrainingIntents {
  readonly files: readonly { readonly file: string; readonly version: string }[];
  readonly intents: readonly {
    readonly intent: string;
    readonly file: string;
    readonly utterances: number;
  }[];
}

export interface TrainingReport {
  readonly models: readonly {
    readonly modelVersion: string;
    readonly messages: number;
    readonly matched: number;
    readonly matchedRate: number | null;
    readonly firstAt: number;
    readonly lastAt: number;
  }[];
  readonly validation: {
    readonly correct: number;
    readonly wrong: number;
    readonly precision: number | null;
  };
  readonly inbox: Readonly<Record<InboxStatus, number>>;
}
