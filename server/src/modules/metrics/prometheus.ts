/**
 * The few Prometheus metric kinds Parley exposes, rendered in the text exposition format
 * (https://prometheus.io/docs/instrumenting/exposition_formats/). Kept in-process and small on
 * purpose: one process serves one scrape, and replicas are told apart by Prometheus's `instance`.
 */

type Labels = Record<string, string>;

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
}

function formatLabels(labels: Labels): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  return pairs.length > 0 ? `{${pairs.join(",")}}` : "";
}

function header(name: string, help: string, type: "counter" | "gauge" | "histogram"): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`];
}

/** Series keyed by their label set, in first-seen order. */
function createSeries<T>(initial: () => T) {
  const series = new Map<string, { labels: Labels; value: T }>();
  return {
    get(labels: Labels): { labels: Labels; value: T } {
      const key = JSON.stringify(labels);
      let entry = series.get(key);
      if (!entry) {
        entry = { labels, value: initial() };
        series.set(key, entry);
      }
      return entry;
    },
    entries: () => [...series.values()],
  };
}

export function createCounter(name: string, help: string) {
  const series = createSeries(() => 0);
  return {
    inc(labels: Labels, by = 1) {
      series.get(labels).value += by;
    },
    render: () => [
      ...header(name, help, "counter"),
      ...series.entries().map(({ labels, value }) => `${name}${formatLabels(labels)} ${value}`),
    ],
  };
}

export function createHistogram(name: string, help: string, buckets: readonly number[]) {
  const series = createSeries(() => ({ counts: buckets.map(() => 0), sum: 0, count: 0 }));
  return {
    observe(labels: Labels, value: number) {
      const entry = series.get(labels).value;
      buckets.forEach((bound, index) => {
        if (value <= bound) entry.counts[index] = (entry.counts[index] ?? 0) + 1;
      });
      entry.sum += value;
      entry.count += 1;
    },
    render: () => [
      ...header(name, help, "histogram"),
      ...series
        .entries()
        .flatMap(({ labels, value }) => [
          ...buckets.map(
            (bound, index) =>
              `${name}_bucket${formatLabels({ ...labels, le: String(bound) })} ${value.counts[index]}`,
          ),
          `${name}_bucket${formatLabels({ ...labels, le: "+Inf" })} ${value.count}`,
          `${name}_sum${formatLabels(labels)} ${value.sum}`,
          `${name}_count${formatLabels(labels)} ${value.count}`,
        ]),
    ],
  };
}

/** A gauge read at scrape time: one sample per label set. */
export function renderGauge(name: string, help: string, samples: Array<{ labels?: Labels; value: number }>) {
  return [
    ...header(name, help, "gauge"),
    ...samples.map(({ labels = {}, value }) => `${name}${formatLabels(labels)} ${value}`),
  ];
}
