import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import type { Store } from './store';
import { TRANSFER_KINDS } from './transfer-store';
import type { TransferKind } from './transfer-store';

/** The version of the JSONL transfer format written by {@link exportStore}. */
export const TRANSFER_FORMAT_VERSION = 1;

/** The first line of an export: what it is, which version, from which adapter, when. */
export const transferHeaderSchema = z.strictObject({
  type: z.literal('header'),
  format: z.literal('parley-export'),
  version: z.literal(TRANSFER_FORMAT_VERSION),
  source: z.string(),
  exportedAt: z.string(),
});
/** The first line of an export. */
export type TransferHeader = z.infer<typeof transferHeaderSchema>;

/** Records written (or read) per kind. */
export type TransferCounts = Record<TransferKind, number>;

/** Zero of every kind. */
export const emptyTransferCounts = (): TransferCounts =>
  Object.fromEntries(TRANSFER_KINDS.map((k) => [k, 0])) as TransferCounts;

/** Options of {@link exportStore}. */
export interface ExportOptions {
  /** Records read per store call; default 1000. */
  readonly pageSize?: number;
  /** The export's timestamp; default now. */
  readonly now?: () => number;
}

/**
 * Writes everything `store` holds as JSONL to `out` (through the `Store` port only): a
 * {@link TransferHeader} line, then one {@link TransferRecord} per line, kind by kind in
 * {@link TRANSFER_KINDS} order (so an import never meets a reference before its target), messages and
 * events in insertion order. Respects back-pressure; does not end `out`. Returns the counts.
 */
export async function exportStore(
  store: Store,
  out: Writable,
  options: ExportOptions = {},
): Promise<TransferCounts> {
  const pageSize = options.pageSize ?? 1000;
  const write = async (value: unknown) => {
    if (!out.write(`${JSON.stringify(value)}\n`)) await once(out, 'drain');
  };
  const header: TransferHeader = {
    type: 'header',
    format: 'parley-export',
    version: TRANSFER_FORMAT_VERSION,
    source: store.kind,
    exportedAt: new Date((options.now ?? Date.now)()).toISOString(),
  };
  await write(header);
  const counts = emptyTransferCounts();
  for (const kind of TRANSFER_KINDS) {
    let cursor: string | null = null;
    do {
      const page = await store.exportRecords(kind, cursor, pageSize);
      for (const record of page.records) await write(record);
      counts[kind] += page.records.length;
      cursor = page.cursor;
    } while (cursor !== null);
  }
  return counts;
}
