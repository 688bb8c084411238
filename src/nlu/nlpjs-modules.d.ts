// NLP.js ships no type declarations; these cover the small part of its API `nlpjs-engine.ts` uses.

declare module '@nlpjs/core' {
  /** NLP.js's dependency-injection container. */
  export interface NlpjsContainer {
    register(name: string, value: unknown, isSingleton?: boolean): void;
    use(plugin: unknown): string;
    get(name: string): unknown;
  }
  export function containerBootstrap(settings?: Record<string, unknown>): NlpjsContainer;
}

declare module '@nlpjs/nlp' {
  import type { NlpjsContainer } from '@nlpjs/core';

  export interface NlpjsClassification {
    intent: string;
    score: number;
  }

  export class Nlp {
    constructor(settings?: Record<string, unknown>, container?: NlpjsContainer);
    addLanguage(locales: string | string[]): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    classify(locale: string, utterance: string): Promise<{ classifications?: NlpjsClassification[] }>;
    export(minified?: boolean): string;
    import(data: string | object): void;
  }
}

declare module '@nlpjs/lang-en-min' {
  export const LangEn: unknown;
}
