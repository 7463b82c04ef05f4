const numberFormat = new Intl.NumberFormat('en');

export function formatCount(value: number): string {
  return numberFormat.format(value);
}

/** "just now", "42 s ago", "5 min ago", "3 h ago", then the date. */
export function formatRelativeTime(iso: string, nowMs: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const seconds = Math.round((nowMs - then) / 1000);
  if (seconds < -60) return 'in the future';
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(then).toLocaleDateString('en', { month: 'short', day: 'numeric' });
}

export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en', { dateStyle: 'medium', timeStyle: 'medium' });
}

/** HH:MM in the viewer's time zone. */
export function formatMinute(iso: string): string {
  return new Date(iso).toLocaleTimeString('en', { hour: '2-digit', minute: '2-digit', hour12: false });
}

const MAX_VALUE_LENGTH = 40;
const MAX_GENERIC_ENTRIES = 3;

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const raw = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return raw.length > MAX_VALUE_LENGTH ? `${raw.slice(0, MAX_VALUE_LENGTH - 1)}…` : raw;
}

function joined(...parts: (string | null)[]): string {
  return parts.filter((part): part is string => part !== null && part !== '').join(' · ');
}

type Properties = Record<string, unknown>;

/** The few properties that say what happened, per built-in type. */
const summaries: Record<string, (p: Properties) => string> = {
  API_CALL: (p) => {
    const duration = typeof p.durationMs === 'number' ? `${Math.round(p.durationMs)} ms` : null;
    return joined([text(p.method), text(p.route)].filter(Boolean).join(' '), p.status === undefined ? null : `→ ${text(p.status)}`, duration);
  },
  PAGE_VIEW: (p) => joined(text(p.path), text(p.title)),
  USER_LOGIN: (p) => joined(p.method === undefined ? null : `via ${text(p.method)}`, text(p.ipAddress)),
  USER_LOGOUT: (p) => joined(text(p.reason)),
  PRODUCT_CREATED: (p) => joined(text(p.name) ?? text(p.productId)),
  REPORT_GENERATED: (p) => joined(text(p.reportType), text(p.reportId)),
  REPORT_VIEW: (p) => joined(text(p.reportType), text(p.reportId)),
  AI_CHAT_MESSAGE: (p) => joined(text(p.role), typeof p.tokens === 'number' ? `${p.tokens} tokens` : null),
  EMPLOYEE_ADDED: (p) => joined(text(p.employeeId)),
};

/** A one-line summary of an event's properties for the feed. */
export function summarizeProperties(type: string, properties: Properties): string {
  const specific = summaries[type]?.(properties);
  if (specific) return specific;
  return Object.entries(properties)
    .slice(0, MAX_GENERIC_ENTRIES)
    .map(([key, value]) => `${key}: ${text(value) ?? '—'}`)
    .join(' · ');
}

/** "MANAGER" → "Manager". */
export function formatRole(role: string | null): string {
  if (!role) return 'Member';
  return role.charAt(0) + role.slice(1).toLowerCase();
}
