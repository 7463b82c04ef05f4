import { useState } from 'react';
import type { Dashboard, DashboardVersionItem } from '@pulse/api-contract/schemas';
import { DASHBOARD_LIMITS } from '@pulse/api-contract/schemas';
import { errorCode } from '../../api/errors.ts';
import { trpc } from '../../api/trpc.ts';
import { describeDiff, diffDashboards } from './dashboard-diff.ts';
import { draftOf } from './draft.ts';
import type { Draft } from './draft-history.ts';

/** Someone saved the dashboard after this edit started: their version, and what it changed. */
export type Conflict = {
  theirs: Dashboard | null;
  /** The widgets they added, removed, moved or edited, in sentences. */
  changes: string[];
  /** Their versions' own summaries (who, when, what), newest first; empty if history could not load. */
  versions: DashboardVersionItem[];
};

type Options = {
  organizationId: string;
  /** The dashboard as it was when the edit started: its version is the one the save expects. */
  base: Dashboard;
  /** The edit is over: saved, or dropped for someone else's version. */
  onDone(): void;
  /** Opens a dashboard (the copy saved instead of a conflicting save). */
  onOpen(dashboardId: string): void;
  allowLeaving(): void;
};

/**
 * Saving a draft: `dashboards.update` with the version the edit started from. A CONFLICT
 * (someone saved in between) loads their version and what it changed, and offers to reload it
 * (the draft is dropped) or to save the draft as the caller's own copy (`dashboards.duplicate`
 * of the dashboard, then the draft written into it).
 */
export function useSaveDashboard({ organizationId, base, onDone, onOpen, allowLeaving }: Options) {
  const utils = trpc.useUtils();
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  /** The saved dashboard becomes what the screen shows, with no refetch of it (no flicker). */
  const publish = (saved: Dashboard) => {
    utils.dashboards.get.setData({ organizationId, id: saved.id }, saved);
    utils.dashboards.home.setData({ organizationId }, (home) => (home && home.dashboard.id === saved.id ? { ...home, dashboard: saved } : home));
    void utils.dashboards.list.invalidate({ organizationId });
    // New widgets need their numbers; the others keep theirs on screen meanwhile.
    void utils.widgets.data.invalidate({ organizationId, dashboardId: saved.id });
  };

  const loadConflict = async () => {
    const [theirs, versions] = await Promise.allSettled([
      utils.client.dashboards.get.query({ organizationId, id: base.id }),
      utils.client.dashboards.versions.query({ organizationId, id: base.id, limit: 10 }),
    ]);
    const newest = theirs.status === 'fulfilled' ? theirs.value : null;
    setConflict({
      theirs: newest,
      changes: newest ? describeDiff(diffDashboards(draftOf(base), draftOf(newest))) : [],
      versions: versions.status === 'fulfilled' ? versions.value.items.filter((item) => item.version > base.version) : [],
    });
  };

  const run = async (work: () => Promise<void>) => {
    setPending(true);
    setError(null);
    try {
      await work();
    } catch (failure) {
      if (errorCode(failure) === 'CONFLICT') await loadConflict();
      else setError(failure);
    } finally {
      setPending(false);
    }
  };

  const content = (draft: Draft) => ({ widgetPreferences: draft.widgets, layoutConfig: draft.layoutConfig });

  return {
    pending,
    error,
    conflict,
    save: (draft: Draft) =>
      run(async () => {
        const saved = await utils.client.dashboards.update.mutate({ organizationId, id: base.id, expectedVersion: base.version, ...content(draft) });
        publish(saved);
        onDone();
      }),
    reloadTheirs: () => {
      if (conflict?.theirs) publish(conflict.theirs);
      else void utils.dashboards.get.invalidate({ organizationId, id: base.id });
      setConflict(null);
      onDone();
    },
    saveCopy: (draft: Draft) =>
      run(async () => {
        const name = `${base.name} (my copy)`.slice(0, DASHBOARD_LIMITS.maxNameLength);
        const copy = await utils.client.dashboards.duplicate.mutate({ organizationId, id: base.id, name });
        const saved = await utils.client.dashboards.update.mutate({ organizationId, id: copy.id, expectedVersion: copy.version, ...content(draft) });
        publish(saved);
        setConflict(null);
        allowLeaving();
        onDone();
        onOpen(saved.id);
      }),
    dismissConflict: () => setConflict(null),
  };
}
