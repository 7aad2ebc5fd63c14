import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// The alert rules and the dashboard must name metrics our code really registers: a renamed metric
// would silently turn an alert off. `up` is recorded by Prometheus itself for every scrape target.
const root = path.resolve(__dirname, '../..');
const PROMETHEUS_OWN = new Set(['up']);
const HISTOGRAM_SUFFIXES = /_(bucket|sum|count)$/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return /\.ts$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name) ? [full] : [];
  });
}

/** Metric names declared in code: `name: 'tellonce_…'` in prom-client constructors. */
function registeredMetrics(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of [...sourceFiles(path.join(root, 'libs')), ...sourceFiles(path.join(root, 'apps'))]) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/new (Counter|Gauge|Histogram|Summary)(?:<[^>]*>)?\(\{\s*name: '([a-zA-Z_:][a-zA-Z0-9_:]*)'/g)) found.set(match[2], match[1]);
  }
  return found;
}

/** Metric names in a PromQL expression (identifiers followed by `{`, `[`, `)` or space that are not functions/keywords). */
function metricsIn(expr: string): string[] {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\{[^}]*\}/g, '{}');
  const words = withoutStrings.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  const notMetrics = new Set(['sum', 'max', 'min', 'avg', 'count', 'by', 'without', 'and', 'or', 'unless', 'rate', 'increase', 'delta', 'deriv', 'irate', 'clamp_min', 'clamp_max', 'histogram_quantile', 'le', 'job', 'group', 'topic', 'type', 'result', 'queue', 'state', 'route', 'status', 'm', 'h', 's', 'e', 'bool', 'on', 'ignoring', 'offset']);
  return [...new Set(words.filter((w) => !notMetrics.has(w) && /^(tellonce_|up$)/.test(w)))];
}

function resolve(name: string, registered: Map<string, string>): boolean {
  if (PROMETHEUS_OWN.has(name) || registered.has(name)) return true;
  const base = name.replace(HISTOGRAM_SUFFIXES, '');
  return base !== name && registered.get(base) === 'Histogram';
}

const registered = registeredMetrics();
const rules = parse(fs.readFileSync(path.join(root, 'deploy/observability/alerts.yml'), 'utf8')) as { groups: { name: string; rules: { alert: string; expr: string }[] }[] };
const dashboard = JSON.parse(fs.readFileSync(path.join(root, 'deploy/observability/grafana-dashboard.json'), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };

describe('deploy/observability', () => {
  it('finds the metrics our code registers', () => {
    for (const name of ['tellonce_http_request_duration_seconds', 'tellonce_events_produced_total', 'tellonce_events_consumed_total', 'tellonce_dead_letters_total', 'tellonce_event_retries_total', 'tellonce_webhook_attempts_total', 'tellonce_queue_jobs', 'tellonce_consumer_lag']) {
      expect([name, registered.has(name)]).toEqual([name, true]);
    }
  });

  it('has an alert for each signal ops watch', () => {
    const all = rules.groups.flatMap((g) => g.rules);
    const uses = (metric: string) => all.some((r) => metricsIn(r.expr).includes(metric));
    for (const metric of ['up', 'tellonce_consumer_lag', 'tellonce_dead_letters_total', 'tellonce_outbox_oldest_age_seconds', 'tellonce_webhook_attempts_total', 'tellonce_webhook_subscriptions_disabled']) expect([metric, uses(metric)]).toEqual([metric, true]);
  });

  it.each(rules.groups.flatMap((g) => g.rules).map((r) => [r.alert, r.expr]))('alert %s names only registered metrics', (_alert, expr) => {
    const names = metricsIn(expr);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !resolve(n, registered))).toEqual([]);
  });

  it.each(dashboard.panels.map((p) => [p.title, p.targets.map((t) => t.expr)]))('dashboard panel %s names only registered metrics', (_title, exprs) => {
    const names = exprs.flatMap(metricsIn);
    expect(names.length).toBeGreaterThan(0);
    expect(names.filter((n) => !resolve(n, registered))).toEqual([]);
  });

  it('a misspelt metric would be caught', () => {
    expect(resolve('tellonce_dead_letter_total', registered)).toBe(false);
    expect(resolve('tellonce_events_consumed_total_bucket', registered)).toBe(false);
    expect(resolve('tellonce_http_request_duration_seconds_bucket', registered)).toBe(true);
  });
});
