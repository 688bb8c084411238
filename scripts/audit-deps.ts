/**
 * Dependency audit for CI: `npm audit --omit=dev`, failing on any high or critical advisory in the
 * packages Parley ships (dev tooling is not deployed, so it is not audited here).
 *
 *   npx tsx scripts/audit-deps.ts            (npm run audit)
 *
 * Policy (README, "Reliability"):
 * - high/critical advisory in a runtime dependency → exit 1 (CI fails); fix by upgrading, or, when no
 *   fix exists and the vulnerable code path is unreachable from Parley, by an `overrides` entry with a
 *   comment in the pull request; moderate/low are reported, not fatal.
 * - the registry cannot answer (no advisory endpoint: some mirrors answer 405; offline) → a loud
 *   warning and exit 0, because an unavailable audit service must not block every merge; set
 *   `PARLEY_AUDIT_REQUIRED=1` where the audit must run (release builds) to make that exit 2.
 * JSON result on stdout, one-line summary on stderr.
 */
import { spawnSync } from 'node:child_process';

/** What `npm audit --json` prints on success (only the fields used here). */
interface AuditReport {
  readonly metadata?: {
    readonly vulnerabilities?: Partial<Record<'info' | 'low' | 'moderate' | 'high' | 'critical', number>>;
  };
  readonly vulnerabilities?: Record<string, { readonly severity: string; readonly via: unknown[] }>;
  /** Present when npm could not audit (endpoint error, network). */
  readonly error?: unknown;
  readonly statusCode?: number;
  readonly message?: string;
}

/** The verdict, discriminated by `status`. */
export type AuditVerdict =
  | {
      readonly status: 'clean' | 'vulnerable';
      readonly counts: Record<string, number>;
      readonly fatal: string[];
    }
  | { readonly status: 'unavailable'; readonly reason: string };

/** Reads `npm audit --json` output into a verdict (high and critical are fatal). */
export function auditVerdict(stdout: string): AuditVerdict {
  let report: AuditReport;
  try {
    report = JSON.parse(stdout) as AuditReport;
  } catch {
    return { status: 'unavailable', reason: 'npm audit printed no JSON' };
  }
  const counts = report.metadata?.vulnerabilities;
  if (report.error !== undefined || counts === undefined) {
    const reason = report.message ?? (report.statusCode ? `HTTP ${report.statusCode}` : 'unknown error');
    return { status: 'unavailable', reason };
  }
  const fatal = Object.entries(report.vulnerabilities ?? {})
    .filter(([, v]) => v.severity === 'high' || v.severity === 'critical')
    .map(([name, v]) => `${name} (${v.severity})`);
  const all = { info: 0, low: 0, moderate: 0, high: 0, critical: 0, ...counts };
  return { status: fatal.length > 0 ? 'vulnerable' : 'clean', counts: all, fatal };
}

function main(): void {
  const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', timeout: 120_000 });
  const verdict = auditVerdict(run.stdout ?? '');
  process.stdout.write(`${JSON.stringify(verdict)}\n`);
  if (verdict.status === 'unavailable') {
    const required = process.env.PARLEY_AUDIT_REQUIRED === '1';
    process.stderr.write(
      `\n*** DEPENDENCY AUDIT NOT RUN: the registry could not audit (${verdict.reason}). ` +
        `${required ? 'PARLEY_AUDIT_REQUIRED=1: failing.' : 'Not fatal (see README, Reliability); run `npm run audit` where the registry has the advisory endpoint.'} ***\n\n`,
    );
    process.exitCode = required ? 2 : 0;
    return;
  }
  const c = verdict.counts;
  process.stderr.write(
    `audit (runtime dependencies): ${c.critical} critical, ${c.high} high, ${c.moderate} moderate, ${c.low} low` +
      (verdict.fatal.length ? ` — failing on ${verdict.fatal.join(', ')}\n` : '\n'),
  );
  process.exitCode = verdict.status === 'vulnerable' ? 1 : 0;
}

if (require.main === module) main();
