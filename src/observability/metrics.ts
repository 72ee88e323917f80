import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics for `GET /metrics`. One registry per process; modules record through these helpers. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'ansvar_process_' });

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
