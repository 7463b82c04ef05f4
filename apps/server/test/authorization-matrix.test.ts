import { appRouter } from '@pulse/api-contract/router';
import { createPulseClient, type PulseClient } from '@pulse/api-contract';
import { decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPulse, type TestPulse } from '../testing/start-test-pulse.ts';

/**
 * Every procedure and subscription of the router × every kind of caller, over the real
 * transports (HTTP batch for calls, WebSocket for subscriptions) with real and forged tokens.
 *
 * The access rule of each procedure is declared here, once. The first test compares this table
 * with the router itself, so a procedure added later without a rule fails the suite.
 */
type Access =
  /** Anyone (sign-in). */
  | 'public'
  /** Any signed-in user, about themselves. */
  | 'user'
  /** A signed-in user of the organization named (or their own). */
  | 'tenant'
  /** A signed-in user or the ingest key of the organization named. */
  | 'tenantSender'
  /** A platform ADMIN of the organization named, or a SUPERADMIN. */
  | 'adminTenant'
  /** A platform ADMIN or SUPERADMIN (each procedure filters to what the caller may see). */
  | 'admin'
  /** The organization's OWNER or platform ADMIN, or a SUPERADMIN (the audit log, the masking policy). */
  | 'audit'
  /** The ingest key of the organization named, or a user as for 'audit' (directory.upsert). */
  | 'directoryWriter';

const ACCESS: Record<string, Access> = {
  'auth.login': 'public',
  'auth.refresh': 'public',
  'auth.me': 'user',
  'events.ingest': 'tenantSender',
  'events.recent': 'tenant',
  'directory.upsert': 'directoryWriter',
  'directory.list': 'audit',
  'dashboards.summary': 'tenant',
  'dashboards.engagement': 'tenant',
  'dashboards.list': 'tenant',
  'dashboards.get': 'tenant',
  'dashboards.create': 'tenant',
  'dashboards.update': 'tenant',
  'dashboards.duplicate': 'tenant',
  'dashboards.delete': 'tenant',
  'dashboards.home': 'tenant',
  'dashboards.setHome': 'tenant',
  'dashboards.versions': 'tenant',
  'dashboards.version': 'tenant',
  'dashboards.restore': 'tenant',
  'dashboards.export': 'tenant',
  'dashboards.import': 'tenant',
  'dashboards.widgetCsv': 'tenant',
  'dashboards.recordImageExport': 'tenant',
  'dashboards.shares.create': 'tenant',
  'dashboards.shares.list': 'tenant',
  'dashboards.shares.revoke': 'tenant',
  // The token of a public link is the credential: no sign-in (shares.test.ts tests the links).
  'public.dashboard': 'public',
  'public.widgets': 'public',
  'live.publicDashboard': 'public',
  'widgets.data': 'tenant',
  'widgets.preview': 'tenant',
  'metrics.record': 'tenantSender',
  'metrics.latest': 'tenant',
  'metrics.aggregated': 'tenant',
  'metrics.byCategory': 'tenant',
  'metrics.health': 'tenant',
  'metrics.business': 'tenant',
  'metrics.engagement': 'tenant',
  'alerts.rules.list': 'adminTenant',
  'alerts.rules.get': 'adminTenant',
  'alerts.rules.create': 'adminTenant',
  'alerts.rules.update': 'adminTenant',
  'alerts.rules.setEnabled': 'adminTenant',
  'alerts.rules.delete': 'adminTenant',
  'alerts.rules.preview': 'adminTenant',
  'alerts.silences.list': 'adminTenant',
  'alerts.silences.create': 'adminTenant',
  'alerts.silences.expire': 'adminTenant',
  'alerts.list': 'adminTenant',
  'alerts.counts': 'adminTenant',
  'alerts.get': 'adminTenant',
  'alerts.acknowledge': 'adminTenant',
  'alerts.resolve': 'adminTenant',
  'notifications.list': 'user',
  'notifications.unreadCount': 'user',
  'notifications.markRead': 'user',
  'notifications.dismiss': 'user',
  'live.activity': 'tenant',
  'live.counters': 'tenant',
  'live.alerts': 'adminTenant',
  'live.notifications': 'user',
  'live.dashboard': 'tenant',
  'admin.rebuildCounters': 'adminTenant',
  'admin.aggregation.status': 'admin',
  'admin.aggregation.trigger': 'admin',
  'admin.queues.list': 'admin',
  'admin.queues.failed': 'admin',
  'admin.queues.retry': 'admin',
  'admin.queues.discard': 'admin',
  'audit.list': 'audit',
  'audit.export': 'audit',
  'privacy.policy': 'audit',
  'privacy.updatePolicy': 'audit',
  // Last: it ends the caller's session, so each client calls it after everything else.
  'auth.logout': 'public',
};

type Caller =
  | { kind: 'user'; email: string; orgRole: 'OWNER' | 'LEADER' | 'MANAGER' | null; platform: 'ADMIN' | 'SUPERADMIN' | null; org: 'acme' | 'globex' | null }
  | { kind: 'ingestKey'; org: 'acme' }
  | { kind: 'invalid'; why: string };

const USERS: Caller[] = [
  { kind: 'user', email: 'manager@acme.test', orgRole: 'MANAGER', platform: null, org: 'acme' },
  { kind: 'user', email: 'leader@acme.test', orgRole: 'LEADER', platform: null, org: 'acme' },
  { kind: 'user', email: 'owner@acme.test', orgRole: 'OWNER', platform: null, org: 'acme' },
  { kind: 'user', email: 'admin@acme.test', orgRole: null, platform: 'ADMIN', org: 'acme' },
  { kind: 'user', email: 'admin@globex.test', orgRole: null, platform: 'ADMIN', org: 'globex' },
  { kind: 'user', email: 'admin@pulse.test', orgRole: null, platform: 'SUPERADMIN', org: null },
];
const INVALID = ['no token', 'expired', 'tampered signature', 'alg none', 'another secret', 'refresh token as access token', 'garbage', 'revoked session'];

type Outcome = 'allowed' | 'UNAUTHORIZED' | 'FORBIDDEN';

/** What the rule says a caller gets when naming `target` (undefined: no organization named). */
function expected(access: Access, caller: Caller, target: 'acme' | 'globex' | undefined): Outcome {
  if (access === 'public') return 'allowed';
  if (caller.kind === 'invalid') return 'UNAUTHORIZED';
  if (caller.kind === 'ingestKey') {
    if (access !== 'tenantSender' && access !== 'directoryWriter') return 'UNAUTHORIZED';
    return target === undefined || target === caller.org ? 'allowed' : 'FORBIDDEN';
  }
  const superadmin = caller.platform === 'SUPERADMIN';
  const isAdmin = superadmin || caller.platform === 'ADMIN';
  if ((access === 'admin' || access === 'adminTenant') && !isAdmin) return 'FORBIDDEN';
  if ((access === 'audit' || access === 'directoryWriter') && !isAdmin && caller.orgRole !== 'OWNER') return 'FORBIDDEN';
  if (access === 'user' || access === 'admin') return 'allowed';
  if (superadmin) return 'allowed';
  return target === undefined || target === caller.org ? 'allowed' : 'FORBIDDEN';
}

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>;
const takesOrganization = (access: Access) => access === 'tenant' || access === 'tenantSender' || access === 'adminTenant' || access === 'audit' || access === 'directoryWriter';

/** Calls one procedure with (at most) an organization as input and reduces the answer to an outcome. */
async function outcomeOf(client: PulseClient, path: string, input: unknown): Promise<Outcome | string> {
  const type = procedures[path]!._def.type;
  const target = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], client.api) as Record<string, (...args: unknown[]) => unknown>;
  const codeOf = (error: unknown): Outcome | string => {
    const code = (error as { data?: { code?: string } }).data?.code ?? 'NO_CODE';
    return code === 'UNAUTHORIZED' || code === 'FORBIDDEN' ? code : 'allowed';
  };
  if (type === 'subscription') {
    return new Promise((resolve) => {
      const subscription = (target.subscribe as (input: unknown, handlers: object) => { unsubscribe(): void })(input, {
        onStarted: () => {
          subscription.unsubscribe();
          resolve('allowed');
        },
        onError: (error: unknown) => resolve(codeOf(error)),
      });
    });
  }
  try {
    await (type === 'query' ? target.query!(input) : target.mutate!(input));
    return 'allowed';
  } catch (error) {
    return codeOf(error);
  }
}

let t: TestPulse;
const clients = new Map<string, { caller: Caller; client: PulseClient }>();

async function forgedTokens(validAccess: string, refresh: string): Promise<Record<string, string | undefined>> {
  const claims = decodeJwt(validAccess);
  const [header, payload, signature] = validAccess.split('.') as [string, string, string];
  const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
  const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  const key = new TextEncoder().encode(t.settings.TOKEN_SECRET);
  const expired = await new SignJWT({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }).setProtectedHeader({ alg: 'HS256' }).sign(key);
  const otherSecret = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(64)));
  return {
    'no token': undefined,
    expired,
    'tampered signature': `${header}.${payload}.${flipped}`,
    'alg none': `${noneHeader}.${payload}.`,
    'another secret': otherSecret,
    'refresh token as access token': refresh,
    garbage: 'not-a-token',
  };
}

beforeAll(async () => {
  // ~800 calls without a valid credential come from one address within seconds: lift the
  // per-address rate limit so the matrix can grow without meeting it (rate-limits.test.ts tests it).
  t = await startTestPulse({ RATE_LIMIT_CALLS_PER_ADDRESS_PER_MINUTE: '100000' });
  const open = (caller: Caller, token: string | undefined) => clients.set(caller.kind === 'user' ? caller.email : caller.kind === 'ingestKey' ? 'ingest key' : caller.why, { caller, client: createPulseClient({ url: t.url, token }) });
  let ownerSession: { accessToken: string; refreshToken: string } | null = null;
  for (const caller of USERS) {
    if (caller.kind !== 'user') continue;
    const session = await t.services.auth.login({ email: caller.email, password: 'pulse-demo' });
    if (caller.orgRole === 'OWNER') ownerSession = session;
    open(caller, session.accessToken);
  }
  open({ kind: 'ingestKey', org: 'acme' }, 'pk_demo_acme');
  const forged = await forgedTokens(ownerSession!.accessToken, ownerSession!.refreshToken);
  // A real token of a session that was signed out since.
  const signedOut = await t.services.auth.login({ email: 'owner@acme.test', password: 'pulse-demo' });
  await t.services.auth.logout({ refreshToken: signedOut.refreshToken }, null);
  forged['revoked session'] = signedOut.accessToken;
  for (const why of INVALID) open({ kind: 'invalid', why }, forged[why]);
}, 60_000);

afterAll(async () => {
  for (const { client } of clients.values()) client.close();
  await t?.close();
});

describe('authorization matrix', () => {
  it('has a rule for every procedure of the router, and no rule for one that is gone', () => {
    expect(Object.keys(procedures).sort()).toEqual(Object.keys(ACCESS).sort());
  });

  it('answers every procedure × caller × organization as its rule says', { timeout: 120_000 }, async () => {
    const mismatches: string[] = [];
    let checked = 0;
    await Promise.all(
      [...clients.entries()].map(async ([name, { caller, client }]) => {
        for (const [path, access] of Object.entries(ACCESS)) {
          const targets: ('acme' | 'globex' | undefined)[] = takesOrganization(access) ? [undefined, 'acme', 'globex'] : [undefined];
          for (const target of targets) {
            const input = target === undefined ? (takesOrganization(access) ? {} : undefined) : { organizationId: t.organizations[target] };
            const got = await outcomeOf(client, path, input);
            const want = expected(access, caller, target);
            checked += 1;
            if (got !== want) mismatches.push(`${name} → ${path} (${target ?? 'own'}): got ${got}, want ${want}`);
          }
        }
      }),
    );
    expect(mismatches).toEqual([]);
    // 14 callers × 44 procedures, tenant ones three times: nothing was left out silently.
    expect(checked).toBeGreaterThan(clients.size * Object.keys(ACCESS).length);
  });
});
