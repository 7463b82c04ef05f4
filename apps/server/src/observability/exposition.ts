/**
 * Prometheus text exposition format 0.0.4: one HELP and TYPE line per family, then its samples.
 * Label values are escaped (backslash, quote, newline); label names are checked by the callers
 * (Pulse's own, or validated at ingest).
 */
export type MetricFamilyType = 'counter' | 'gauge' | 'summary';
export type Sample = { suffix?: string; labels?: Record<string, string>; value: number };

const escapeLabel = (value: string) => value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
const escapeHelp = (text: string) => text.replaceAll('\\', '\\\\').replaceAll('\n', '\\n');

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

export class Exposition {
  private readonly lines: string[] = [];
  private readonly families = new Set<string>();

  /** Whether a family of this name was written already. */
  has(name: string): boolean {
    return this.families.has(name);
  }

  family(name: string, type: MetricFamilyType, help: string, samples: Sample[]): this {
    this.families.add(name);
    this.lines.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`);
    for (const sample of samples) {
      const labels = Object.entries(sample.labels ?? {});
      const rendered = labels.length > 0 ? `{${labels.map(([key, value]) => `${key}="${escapeLabel(value)}"`).join(',')}}` : '';
      this.lines.push(`${name}${sample.suffix ?? ''}${rendered} ${formatValue(sample.value)}`);
    }
    return this;
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}
