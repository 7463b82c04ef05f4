import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidInputError } from '@pulse/api-contract/errors';
import { makePreview, makeRule, ORG_ADMIN } from '../../test/alert-fixtures.ts';
import { ACME, makeSession } from '../../test/fixtures.ts';
import { renderApp } from '../../test/render-app.tsx';
import { withServices } from '../../test/fake-services.ts';
import type { FakeServices } from '../../test/fake-services.ts';

function renderRules(services: FakeServices) {
  window.location.hash = '#/rules';
  return renderApp({
    session: makeSession({ user: ORG_ADMIN }),
    services: withServices({ auth: { me: () => ORG_ADMIN }, alerts: { rules: { list: () => [], preview: () => makePreview(42) } } }, services),
  });
}

async function openNewRule() {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('button', { name: 'New rule' }));
  return { user, form: screen.getByRole('form', { name: 'New rule' }) };
}

async function fillValidRule(user: ReturnType<typeof userEvent.setup>, form: HTMLElement) {
  await user.type(within(form).getByLabelText('Name'), 'Queue depth');
  await user.type(within(form).getByLabelText('Metric name'), 'queue_depth');
  await user.type(within(form).getByLabelText('Value'), '5');
}

afterEach(() => {
  window.location.hash = '';
});

describe('rule form', () => {
  it('checks the rule before sending it and shows each issue next to its field', async () => {
    const { calls } = renderRules({});
    const { user, form } = await openNewRule();
    await user.click(within(form).getByRole('button', { name: 'Create rule' }));

    expect(within(form).getByRole('alert').textContent).toContain('Some fields need attention');
    const name = within(form).getByLabelText('Name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    const nameIssue = document.getElementById(name.getAttribute('aria-describedby') ?? '');
    expect(nameIssue?.textContent).toMatch(/too small|at least 1/i);
    const value = within(form).getByLabelText('Value');
    expect(value.getAttribute('aria-invalid')).toBe('true');
    expect(within(form).getByLabelText('Metric name').getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((call) => call.path === 'alerts.rules.create')).toBe(false);

    // Fixing a field clears its issue at once; the others stay until they are fixed too.
    await user.type(name, 'Queue depth');
    expect(name.getAttribute('aria-invalid')).toBeNull();
    expect(within(form).getByLabelText('Value').getAttribute('aria-invalid')).toBe('true');
  });

  it("shows the server's zod issues next to the fields they name", async () => {
    renderRules({
      alerts: {
        rules: {
          create: () => {
            throw new InvalidInputError('Input validation failed', [{ code: 'custom', path: ['source', 'metricName'], message: 'no such metric in this organization' }]);
          },
        },
      },
    });
    const { user, form } = await openNewRule();
    await fillValidRule(user, form);
    await user.click(within(form).getByRole('button', { name: 'Create rule' }));

    expect((await within(form).findByRole('alert')).textContent).toContain('The server did not accept the rule');
    const metric = within(form).getByLabelText('Metric name');
    await waitFor(() => expect(metric.getAttribute('aria-invalid')).toBe('true'));
    expect(document.getElementById(metric.getAttribute('aria-describedby') ?? '')?.textContent).toBe('no such metric in this organization');
  });

  it('creates the rule, previews it live against its thresholds, and lists it', async () => {
    const created = makeRule({ id: '55555555-5555-4555-8555-555555555555', name: 'Queue depth' });
    const { calls } = renderRules({ alerts: { rules: { create: () => created } } });
    const { user, form } = await openNewRule();
    await fillValidRule(user, form);

    const preview = screen.getByRole('complementary', { name: 'Live preview' });
    expect((await within(preview).findByTestId('preview-value')).textContent).toBe('42');
    expect(preview.textContent).toContain('holds now');
    const previewCall = calls.find((call) => call.path === 'alerts.rules.preview');
    expect(previewCall?.input).toMatchObject({ organizationId: ACME.id, operator: '>', thresholds: [{ severity: 'high', value: 5, forSeconds: 0 }] });

    await user.click(within(form).getByRole('button', { name: 'Create rule' }));
    const list = await screen.findByRole('table', { name: 'Rule list' });
    expect(within(list).getByRole('cell', { name: 'Queue depth' })).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'New rule' })).toBeNull();
    expect(calls.find((call) => call.path === 'alerts.rules.create')?.input).toMatchObject({
      organizationId: ACME.id,
      name: 'Queue depth',
      enabled: true,
      source: { kind: 'metric', metricName: 'queue_depth', aggregation: 'avg', windowSeconds: 60, labels: {} },
      operator: '>',
      thresholds: [{ severity: 'high', value: 5, forSeconds: 0 }],
    });
  });
});

describe('rule list', () => {
  it('disables a rule from the list and edits its threshold', async () => {
    let rule = makeRule();
    const { calls } = renderRules({
      alerts: {
        rules: {
          list: () => [rule],
          setEnabled: (_actor, _organizationId, _id, enabled) => {
            rule = { ...rule, enabled };
            return rule;
          },
          update: () => {
            rule = { ...rule, thresholds: [{ severity: 'high', value: 750, forSeconds: 60 }] };
            return rule;
          },
        },
      },
    });
    const user = userEvent.setup();
    const enabled = await screen.findByRole('checkbox', { name: 'Enabled: Checkout latency' });
    expect((enabled as HTMLInputElement).checked).toBe(true);
    await user.click(enabled);
    await waitFor(() => expect((screen.getByRole('checkbox', { name: 'Enabled: Checkout latency' }) as HTMLInputElement).checked).toBe(false));
    expect(calls.find((call) => call.path === 'alerts.rules.setEnabled')?.input).toEqual({ organizationId: ACME.id, id: rule.id, enabled: false });

    await user.click(screen.getByRole('button', { name: 'Edit Checkout latency' }));
    const form = screen.getByRole('form', { name: 'Edit rule Checkout latency' });
    const value = within(form).getByLabelText('Value');
    expect((value as HTMLInputElement).value).toBe('500');
    await user.clear(value);
    await user.type(value, '750');
    await user.click(within(form).getByRole('button', { name: 'Save rule' }));
    await waitFor(() => expect(screen.queryByRole('form', { name: 'Edit rule Checkout latency' })).toBeNull());
    expect(screen.getByRole('table', { name: 'Rule list' }).textContent).toContain('high: > 750 for 1 min');
    expect(calls.find((call) => call.path === 'alerts.rules.update')?.input).toMatchObject({
      organizationId: ACME.id,
      id: rule.id,
      thresholds: [{ severity: 'high', value: 750, forSeconds: 60 }],
    });
  });
});
