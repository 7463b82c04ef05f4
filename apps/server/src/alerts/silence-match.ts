import type { SilenceMatcher } from '@pulse/api-contract/schemas';

export type SilenceSpec = { id: string; ruleId: string | null; severities: string[]; matchers: SilenceMatcher[]; endsAt: string };
export type SilenceTarget = { ruleId: string; severity: string; labels: Record<string, string> };

/** Every part of a silence must match: its rule (if any), one of its severities (if any), every label matcher. */
export function silenceMatches(silence: SilenceSpec, alert: SilenceTarget): boolean {
  if (silence.ruleId && silence.ruleId !== alert.ruleId) return false;
  if (silence.severities.length > 0 && !silence.severities.includes(alert.severity)) return false;
  return silence.matchers.every((matcher) => {
    const value = alert.labels[matcher.name] ?? '';
    return matcher.op === '=' ? value === matcher.value : value !== matcher.value;
  });
}

/** The silence that mutes the alert, preferring the one that lasts longest. */
export function matchingSilence(silences: SilenceSpec[], alert: SilenceTarget): SilenceSpec | null {
  const matching = silences.filter((silence) => silenceMatches(silence, alert));
  return matching.sort((a, b) => Date.parse(b.endsAt) - Date.parse(a.endsAt))[0] ?? null;
}
