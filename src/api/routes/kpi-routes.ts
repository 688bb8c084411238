import { Router } from 'express';
import { z } from 'zod';
import {
  KPI_NAMES,
  breakdownKpi,
  filterOf,
  intentStats,
  kpiQuerySchema,
  parseKpiQuery,
  queryKpis,
  rangeQuerySchema,
  resolveRange,
} from '../../analytics';
import type { Store } from '../../store';

/** What the KPI routes need. */
export interface KpiRouteDeps {
  readonly store: Store;
}

/** The path parameter and extra query of `GET /v1/kpis/:name`. */
export const kpiNameParamsSchema = z.object({ name: z.enum(KPI_NAMES) });
/** `by` of `GET /v1/kpis/:name`. */
export const kpiBreakdownQuerySchema = kpiQuerySchema.extend({
  by: z.enum(['channel', 'flow', 'intent', 'campaign', 'list', 'variant']),
});
/** The query string of `GET /v1/intents/stats`. */
export const intentStatsQuerySchema = rangeQuerySchema.extend({
  limit: z.coerce.number().int().min(0).max(200).default(20),
});

/**
 * `GET /v1/kpis` (every KPI, totals + series + optional previous period), `GET /v1/kpis/:name?by=…`
 * (one KPI per value of a dimension) and `GET /v1/intents/stats`. Computed from rollups only.
 */
export function kpiRoutes(deps: KpiRouteDeps): Router {
  const router = Router();
  router.get('/kpis', async (req, res) => {
    res.json(await queryKpis(deps.store, parseKpiQuery(req.query)));
  });
  router.get('/kpis/:name', async (req, res) => {
    const { name } = kpiNameParamsSchema.parse(req.params);
    const { by, ...rest } = kpiBreakdownQuerySchema.parse(req.query);
    const q = parseKpiQuery(rest);
    const rows = await breakdownKpi(deps.store, q, name, by);
    res.json({
      kpi: name,
      by,
      range: { from: new Date(q.range.from).toISOString(), to: new Date(q.range.to).toISOString(), tz: q.tz },
      filter: filterOf(rest),
      rows,
    });
  });
  router.get('/intents/stats', async (req, res) => {
    const q = intentStatsQuerySchema.parse(req.query);
    res.json(await intentStats(deps.store, resolveRange(q), q.limit));
  });
  return router;
}
