import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const deploy = fileURLToPath(new URL('../../../deploy/', import.meta.url));

/** The PromQL of deploy/grafana/dashboards/*.json and deploy/prometheus/*.yml. */
export function deployQueries(): string[] {
  const dashboards = readdirSync(path.join(deploy, 'grafana/dashboards')).flatMap((file) => {
    const dashboard = JSON.parse(readFileSync(path.join(deploy, 'grafana/dashboards', file), 'utf8')) as {
      panels: Array<{ targets?: Array<{ expr: string }> }>;
    };
    return dashboard.panels.flatMap((panel) => (panel.targets ?? []).map((t) => t.expr));
  });
  const rules = readdirSync(path.join(deploy, 'prometheus')).flatMap((file) =>
    [...readFileSync(path.join(deploy, 'prometheus', file), 'utf8').matchAll(/expr: (\|\n(?:\s{10}.*\n)+|.*)/g)].map(
      ([, expr]) => expr!,
    ),
  );
  return [...dashboards, ...rules];
}
