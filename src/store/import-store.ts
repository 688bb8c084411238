import { ParleyError } from '../core';
import { emptyTransferCounts, transferHeaderSchema } from './export-store';
import type { TransferCounts } from './export-store';
import type { Store } from './store';
import { transferRecordSchema } from './transfer-store';
import type { TransferRecord } from './transfer-store';

/** Options of {@link importStore}. */
export interface ImportOptions {
  /** Records written per store call (one transaction each); default 500. */
  readonly batchSize?: number;
}

/** What an import read and wrote. */
export interface ImportSummary {
  /** Records read, per kind. */
  readonly read: TransferCounts;
  /** Records written (the rest were already there). */
  readonly added: number;
}

function invalid(line: number, message: string, details: unknown): ParleyError {
  return new ParleyError('store.invalid_import', `Line ${line}: ${message}`, {
    details: { line, ...Object(details) },
  });
}

function parseLine(text: string, line: number): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw invalid(line, `not JSON (${(e as Error).message})`, {});
  }
}

/**
 * Reads a JSONL export (see `exportStore`) line by line and writes its records into `store` through
 * the `Store` port, in batches. The header must come first; every line is validated with zod before
 * anything of its batch is written. Blank lines are skipped. Records already in the store are skipped,
 * so an interrupted import can be run again. The store's rollups are rebuilt from the imported events.
 * @throws ParleyError `store.invalid_import` naming the line and the problem (earlier batches stay
 *   written); `store.not_found` when a record refers to a contact or list the file does not hold.
 */
export async function importStore(
  store: Store,
  lines: AsyncIterable<string>,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 500;
  const read = emptyTransferCounts();
  let added = 0;
  let batch: TransferRecord[] = [];
  let line = 0;
  let header = false;
  const flush = async () => {
    if (batch.length === 0) return;
    added += await store.importRecords(batch);
    batch = [];
  };
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    const value = parseLine(text, line);
    if (!header) {
      const parsed = transferHeaderSchema.safeParse(value);
      if (!parsed.success)
        throw invalid(line, 'not a Parley export header (format "parley-export", version 1)', {
          issues: parsed.error.issues,
        });
      header = true;
      continue;
    }
    const parsed = transferRecordSchema.safeParse(value);
    if (!parsed.success) throw invalid(line, 'not a valid record', { issues: parsed.error.issues });
    batch.push(parsed.data);
    read[parsed.data.type]++;
    if (batch.length >= batchSize) await flush();
  }
  if (!header) throw invalid(line, 'empty file: no export header', {});
  await flush();
  return { read, added };
}
