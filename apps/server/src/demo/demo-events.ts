import type { IngestEventInput } from '@pulse/api-contract/schemas';

/** Weighted picks for an HR-tech platform's traffic: mostly API calls and page views. */
const ROUTES = [
  ['GET', '/api/employees'],
  ['GET', '/api/employees/:id'],
  ['POST', '/api/candidates'],
  ['GET', '/api/candidates/:id/compatibility'],
  ['GET', '/api/reports/personality/:id'],
  ['POST', '/api/ai/consultations/:id/messages'],
  ['GET', '/api/subscriptions/current'],
  ['GET', '/api/dashboard/summary'],
] as const;
const PAGES = ['/dashboard', '/employees', '/candidates', '/reports', '/ai-consultant', '/settings/billing'];
// The report types of the schema document (report_generation_stats).
const REPORT_TYPES = ['PERSONALITY_ROLE', 'BEHAVIOR_COMPANY', 'COMPATIBILITY_JOB', 'COMPATIBILITY_DEPARTMENT', 'QA_QUESTIONNAIRE', 'TRAINING_DEVELOPMENT'];

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)] as T;

function weighted(): IngestEventInput['type'] {
  const roll = Math.random();
  if (roll < 0.45) return 'API_CALL';
  if (roll < 0.7) return 'PAGE_VIEW';
  if (roll < 0.78) return 'USER_LOGIN';
  if (roll < 0.84) return 'USER_LOGOUT';
  if (roll < 0.88) return 'REPORT_GENERATED';
  if (roll < 0.93) return 'REPORT_VIEW';
  if (roll < 0.99) return 'AI_CHAT_MESSAGE';
  return 'EMPLOYEE_ADDED';
}

/**
 * One plausible event of one of `userCount` users of an organization; `branchOf` says which
 * users name their branch in the event itself (the demo's other users are placed by the directory).
 */
export function demoEvent(orgSlug: string, userCount: number, branchOf: (user: number) => string | undefined = () => undefined): IngestEventInput {
  const user = Math.floor(Math.random() * userCount) + 1;
  const branchId = branchOf(user);
  const base = { userId: `${orgSlug}-user-${user}`, sessionId: `${orgSlug}-session-${user}`, occurredAt: new Date().toISOString(), ...(branchId ? { branchId } : {}) };
  const type = weighted();
  switch (type) {
    case 'API_CALL': {
      const [method, route] = pick(ROUTES);
      const status = Math.random() < 0.03 ? 500 : Math.random() < 0.08 ? 404 : 200;
      return { ...base, type, properties: { method, route, status, durationMs: Math.round(20 + Math.random() ** 3 * 900) } };
    }
    case 'PAGE_VIEW':
      return { ...base, type, properties: { path: pick(PAGES) } };
    case 'USER_LOGIN':
      return { ...base, type, properties: { method: Math.random() < 0.3 ? 'sso' : 'password' } };
    case 'USER_LOGOUT':
      return { ...base, type, properties: { reason: Math.random() < 0.2 ? 'timeout' : 'manual' } };
    case 'REPORT_GENERATED':
      return { ...base, type, properties: { reportId: crypto.randomUUID(), reportType: pick(REPORT_TYPES), durationMs: Math.round(500 + Math.random() * 4000) } };
    case 'REPORT_VIEW':
      return { ...base, type, properties: { reportId: crypto.randomUUID(), reportType: pick(REPORT_TYPES) } };
    case 'AI_CHAT_MESSAGE':
      return { ...base, type, properties: { conversationId: `${orgSlug}-chat-${user}`, role: Math.random() < 0.5 ? 'user' : 'assistant', tokens: Math.round(Math.random() * 600) } };
    default:
      return { ...base, type: 'EMPLOYEE_ADDED', properties: { employeeId: crypto.randomUUID() } };
  }
}
