import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics for `GET /metrics`. One registry per process; modules record through these helpers. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'ansvar_' });

export const questionsTotal = new Counter({
  name: 'ansvar_questions_total',
  help: 'Questions answered, by status (answered, no_answer) and language',
  labelNames: ['status', 'language'] as const,
  registers: [registry],
});

export const answerDuration = new Histogram({
  name: 'ansvar_answer_duration_seconds',
  help: 'Time to compute an answer from the knowledge index',
  buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
  registers: [registry],
});

export const visitsTotal = new Counter({
  name: 'ansvar_visits_total',
  help: 'Visit register operations, by action (create, edit, cancel, reported)',
  labelNames: ['action'] as const,
  registers: [registry],
});

export const digestsTotal = new Counter({
  name: 'ansvar_digests_total',
  help: 'Weekly digests, by platform and result (sent, failed)',
  labelNames: ['platform', 'result'] as const,
  registers: [registry],
});

export const platformErrorsTotal = new Counter({
  name: 'ansvar_platform_errors_total',
  help: 'Errors talking to Slack or Teams, by platform and kind',
  labelNames: ['platform', 'kind'] as const,
  registers: [registry],
});

export const turnsTotal = new Counter({
  name: 'ansvar_turns_total',
  help: 'Turns handled by the core, by platform and input type',
  labelNames: ['platform', 'type'] as const,
  registers: [registry],
});

export const httpRequestsTotal = new Counter({
  name: 'ansvar_http_requests_total',
  help: 'HTTP requests served, by method, route and status code',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const httpRequestDuration = new Histogram({
  name: 'ansvar_http_request_duration_seconds',
  help: 'Time from request to response, by route',
  labelNames: ['route'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const turnsInFlight = new Gauge({
  name: 'ansvar_turns_in_flight',
  help: 'Turns the core is handling right now (shutdown waits for them)',
  registers: [registry],
});

/**
 * Series that exist from the start with value 0, so dashboards and alerts (e.g. on failed digests)
 * see a flat line instead of a missing series.
 */
for (const status of ['answered', 'no_answer']) {
  for (const language of ['en', 'sv']) questionsTotal.inc({ status, language }, 0);
}
for (const action of ['create', 'edit', 'cancel', 'reported']) visitsTotal.inc({ action }, 0);
for (const platform of ['slack', 'teams']) {
  for (const result of ['sent', 'failed']) digestsTotal.inc({ platform, result }, 0);
}
