import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MASKING_POLICY } from '@pulse/api-contract/schemas';
import type { MaskingPolicy, UpdateMaskingPolicyInput } from '@pulse/api-contract/schemas';
import { invalidInputFromIssues } from '@pulse/api-contract/errors';
import { ORG_ADMIN } from '../test/alert-fixtures.ts';
import { withServices } from '../test/fake-services.ts';
import type { FakeServices } from '../test/fake-services.ts';
import { ACME, makeMe, makeSession, SUPERADMIN } from '../test/fixtures.ts';
import { findHomeDashboard } from '../test/dashboard-fixtures.ts';
import { renderApp } from '../test/render-app.tsx';

const OWNER = makeMe({ id: '7b8c9d0e-1f2a-4b3c-8d4e-5f6a7b8c9d0e', email: 'owner@acme.test', name: 'Olivia Owner', orgRole: 'OWNER' });
const LEADER = makeMe({ id: '8c9d0e1f-2a3b-4c4d-9e5f-6a7b8c9d0e1f', email: 'leader@acme.test', name: 'Leo Leader', orgRole: 'LEADER' });


function stored(overrides: Partial<MaskingPolicy> = {}): MaskingPolicy {
  return { organizationId: ACME.id, ...DEFAULT_MASKING_POLICY, isDefault: true, updatedAt: null, updatedByUserId: null, ...overrides };
}

function renderPrivacy(services: FakeServices, user = OWNER) {
  window.location.hash = '#/privacy';
  return renderApp({ session: makeSession({ user }), services: withServices({ auth: { me: () => user } }, services) });
}

const checkbox = (name: RegExp) => screen.getByRole('checkbox', { name }) as HTMLInputElement;
const chips = () =>
  within(screen.getByRole('list', { name: 'Personal properties' }))
    .getAllByRole('listitem')
    .map((item) => item.querySelector('code')?.textContent);
const masked = () => JSON.parse(screen.getByLabelText('Example event as masked').textContent ?? '{}') as { userId: string; properties: Record<string, string> };

afterEach(() => {
  window.location.hash = '';
});

describe('privacy screen', () => {
  it('an owner reads the policy, edits it by keyboard and saves exactly what the form shows', async () => {
    const saved: { organizationId: string | null; input: UpdateMaskingPolicyInput }[] = [];
    renderPrivacy({
      privacy: {
        policy: (organizationId) => stored({ organizationId: organizationId ?? ACME.id }),
        updatePolicy: (actor, organizationId, input) => {
          expect(actor.userId).toBe(OWNER.id);
          saved.push({ organizationId, input });
          const { organizationId: _org, ...fields } = input;
          return stored({ ...fields, isDefault: false, updatedAt: '2026-11-23T10:00:00.000Z', updatedByUserId: OWNER.id });
        },
      },
    });
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect([...nav.querySelectorAll('a')].map((link) => link.textContent)).toEqual(['Dashboard', 'Audit log', 'Privacy']);
    expect(screen.getByRole('link', { name: 'Privacy' }).getAttribute('aria-current')).toBe('page');

    await screen.findByRole('form', { name: 'Masking policy' });
    expect(checkbox(/Pseudonymize user ids/).checked).toBe(true);
    expect(checkbox(/Hide IP addresses and user agents/).checked).toBe(true);
    expect(chips()).toEqual(DEFAULT_MASKING_POLICY.personalProperties);
    expect(screen.getByText(/The safe default: never changed/)).toBeTruthy();
    expect(masked().userId).toMatch(/^user-/);
    expect(masked().properties).toEqual({ path: '/orders', plan: 'pro' });
    expect(screen.getByRole('button', { name: 'Restore the safe default' })).toHaveProperty('disabled', true);
    const auditLink = screen.getByRole('link', { name: 'See every change in the audit log' });
    expect(auditLink.getAttribute('href')).toBe('#/audit?action=privacy.policy.updated');

    const user = userEvent.setup();
    // Keyboard only: Tab to the first checkbox and Space unticks it.
    checkbox(/Pseudonymize user ids/).focus();
    await user.keyboard(' ');
    expect(checkbox(/Pseudonymize user ids/).checked).toBe(false);
    expect(masked().userId).toBe('u-48213');
    expect(screen.getByText(/User and session ids are shown as they are stored/)).toBeTruthy();

    await user.click(screen.getByRole('button', { name: 'Remove name' }));
    expect(screen.getByLabelText('Add a property name')).toBe(document.activeElement);
    await user.keyboard('plan{Enter}');
    expect(chips()).toEqual(['email', 'firstName', 'lastName', 'fullName', 'phone', 'address', 'birthDate', 'plan']);
    expect(masked().properties).toEqual({ path: '/orders', name: 'Ana Díaz' });
    // A second spelling of a name already listed adds nothing.
    await user.keyboard('EMAIL{Enter}');
    expect(screen.getByText('“email” is already in the list.')).toBeTruthy();
    expect(chips()).toHaveLength(8);

    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(await screen.findByText(/^Saved\./)).toBeTruthy();
    expect(saved).toEqual([
      {
        organizationId: ACME.id,
        input: {
          organizationId: ACME.id,
          pseudonymizeUserIds: false,
          hideNetworkDetails: true,
          personalProperties: ['email', 'firstName', 'lastName', 'fullName', 'phone', 'address', 'birthDate', 'plan'],
        },
      },
    ]);
    expect(screen.getByText(/Last changed/)).toBeTruthy();
    expect(checkbox(/Pseudonymize user ids/).checked).toBe(false);
  });

  it('restores the safe default in the form, and saves it', async () => {
    const inputs: UpdateMaskingPolicyInput[] = [];
    renderPrivacy(
      {
        privacy: {
          policy: () => stored({ pseudonymizeUserIds: false, hideNetworkDetails: false, personalProperties: [], isDefault: false, updatedAt: '2026-11-20T08:00:00.000Z' }),
          updatePolicy: (_actor, _organizationId, input) => {
            inputs.push(input);
            return stored({ updatedAt: '2026-11-23T10:00:00.000Z', isDefault: false });
          },
        },
      },
      ORG_ADMIN,
    );
    await screen.findByRole('form', { name: 'Masking policy' });
    expect(screen.getByText('No property is left out.')).toBeTruthy();
    expect(masked().properties).toMatchObject({ ip: '203.0.113.7', email: 'ana.diaz@example.com' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Restore the safe default' }));
    expect(chips()).toEqual(DEFAULT_MASKING_POLICY.personalProperties);
    expect(checkbox(/Hide IP addresses/).checked).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    await waitFor(() => expect(inputs).toEqual([{ organizationId: ACME.id, ...DEFAULT_MASKING_POLICY }]));
  });

  it('shows the server’s issues beside the fields, and says so when the server fails', async () => {
    let answer: 'issues' | 'broken' = 'issues';
    renderPrivacy({
      privacy: {
        policy: () => stored(),
        updatePolicy: () => {
          if (answer === 'broken') throw new Error('database is down');
          throw invalidInputFromIssues('The policy is not valid.', [{ path: ['personalProperties', 1], message: 'this name is reserved' }]);
        },
      },
    });
    await screen.findByRole('form', { name: 'Masking policy' });
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    expect(await screen.findByText('The server did not accept the policy: see the messages next to the fields.')).toBeTruthy();
    expect(screen.getByText('name: this name is reserved')).toBeTruthy();

    answer = 'broken';
    await user.click(checkbox(/Hide IP addresses/));
    expect(screen.queryByText(/The server did not accept/)).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save policy' }));
    const alert = await screen.findByText(/^The policy was not saved:/);
    expect(alert.textContent).toContain('The Pulse server had a problem answering');
    expect(screen.queryByText(/^Saved\./)).toBeNull();
  });

  it('a SUPERADMIN edits the organization picked in the address', async () => {
    const asked: (string | null)[] = [];
    renderPrivacy(
      {
        privacy: {
          policy: (organizationId) => {
            asked.push(organizationId);
            return stored();
          },
        },
      },
      SUPERADMIN,
    );
    await screen.findByRole('form', { name: 'Masking policy' });
    expect(asked).toEqual([ACME.id]);
    expect(screen.getByRole('link', { name: 'Privacy' })).toBeTruthy();
  });

  it.each([
    ['a leader', LEADER],
    ['a manager', makeMe()],
  ])('%s has no privacy screen: no navigation to it, and its address shows the dashboard', async (_who, user) => {
    const { calls } = renderPrivacy({}, user);
    await findHomeDashboard();
    expect(screen.queryByRole('link', { name: 'Privacy' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Privacy' })).toBeNull();
    expect(calls.some((call) => call.path.startsWith('privacy.'))).toBe(false);
  });
});
