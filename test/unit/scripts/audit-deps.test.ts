import { auditVerdict } from '../../../scripts/audit-deps';

const report = (vulnerabilities: Record<string, { severity: string }>) =>
  JSON.stringify({
    vulnerabilities: Object.fromEntries(
      Object.entries(vulnerabilities).map(([name, v]) => [name, { ...v, via: [] }]),
    ),
    metadata: {
      vulnerabilities: Object.values(vulnerabilities).reduce<Record<string, number>>(
        (acc, v) => ({ ...acc, [v.severity]: (acc[v.severity] ?? 0) + 1 }),
        {},
      ),
    },
  });

describe('auditVerdict', () => {
  it('fails on high and critical advisories and names the packages', () => {
    const verdict = auditVerdict(
      report({ lodash: { severity: 'critical' }, qs: { severity: 'high' }, ms: { severity: 'low' } }),
    );
    expect(verdict).toEqual({
      status: 'vulnerable',
      counts: { info: 0, low: 1, moderate: 0, high: 1, critical: 1 },
      fatal: ['lodash (critical)', 'qs (high)'],
    });
  });

  it('passes moderate and low advisories', () => {
    expect(auditVerdict(report({ ms: { severity: 'moderate' } })).status).toBe('clean');
    expect(auditVerdict(report({})).status).toBe('clean');
  });

  it('reports a registry without the advisory endpoint as unavailable, with the reason', () => {
    const stdout = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      error: { summary: '', detail: '' },
    });
    expect(auditVerdict(stdout)).toEqual({
      status: 'unavailable',
      reason: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
    });
    expect(auditVerdict('npm ERR! network').status).toBe('unavailable');
  });
});
