import { useId, useState } from 'react';
import type { FormEvent } from 'react';
import { SHARE_LIMITS } from '@pulse/api-contract/schemas';
import type { ShareCreated, ShareView } from '@pulse/api-contract/schemas';
import { describeError } from '../api/errors.ts';
import { trpc } from '../api/trpc.ts';
import { formatDateTime } from '../ui/format.ts';
import { CreatedLink } from './CreatedLink.tsx';
import { publicLinkUrl } from './public-link.ts';
import styles from './ShareDialog.module.css';

/** A date input's value (local calendar day), `days` from today. */
function localDay(days: number, now = new Date()): string {
  const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() + days);
  return `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
}

/** The link works through the whole chosen day, in the sharer's time zone. */
const endOfDay = (day: string) => new Date(`${day}T23:59:59.999`).toISOString();

function status(link: ShareView): string {
  if (link.revokedAt) return `Revoked ${formatDateTime(link.revokedAt)}`;
  return `Expired ${formatDateTime(link.expiresAt)}`;
}

function LinkRow({ link, onRevoke, revoking }: { link: ShareView; onRevoke(): void; revoking: boolean }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <li className={styles.link}>
      <span>
        Created {formatDateTime(link.createdAt)} by {link.sharedBy.name}
        <br />
        <span className="muted small">{link.expiresAt ? `Expires ${formatDateTime(link.expiresAt)}` : 'Never expires'}</span>
      </span>
      {confirming ? (
        <span className={styles.confirm} role="group" aria-label="Revoke this link?">
          <span className="small">Whoever has it loses access at once.</span>
          <button type="button" className="button button-quiet" disabled={revoking} onClick={onRevoke}>
            Yes, revoke
          </button>
          <button type="button" className="button button-quiet" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </span>
      ) : (
        <button type="button" className="button button-quiet" onClick={() => setConfirming(true)}>
          Revoke
        </button>
      )}
    </li>
  );
}

type Props = { organizationId: string; dashboardId: string };

/**
 * The dashboard's public links (`dashboards.shares`): the working ones with a revoke that asks
 * first, the ended ones folded away, and a form making a new one, optionally expiring at the end
 * of a chosen day.
 */
export function PublicLinks({ organizationId, dashboardId }: Props) {
  const utils = trpc.useUtils();
  const listInput = { organizationId, dashboardId };
  const list = trpc.dashboards.shares.list.useQuery(listInput);
  const [expiry, setExpiry] = useState('');
  const [created, setCreated] = useState<ShareCreated | null>(null);
  const headingId = useId();
  const refreshList = () => void utils.dashboards.shares.list.invalidate(listInput);
  const create = trpc.dashboards.shares.create.useMutation({
    onSuccess: (link) => {
      setCreated(link);
      setExpiry('');
      refreshList();
    },
  });
  const revoke = trpc.dashboards.shares.revoke.useMutation({ onSuccess: refreshList });

  function onCreate(event: FormEvent) {
    event.preventDefault();
    create.mutate({ organizationId, dashboardId, ...(expiry ? { expiresAt: endOfDay(expiry) } : {}) });
  }

  const links = list.data?.items ?? [];
  const active = links.filter((link) => link.active);
  const ended = links.filter((link) => !link.active);
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h3 id={headingId}>Public links</h3>
      <p className="muted small">
        Anyone with a link sees this dashboard read-only and live, without signing in: with your scope at most, and no personal data.
      </p>
      <form className={styles.row} onSubmit={onCreate}>
        <label className="field">
          <span>Expires after (optional)</span>
          <input type="date" value={expiry} min={localDay(0)} max={localDay(SHARE_LIMITS.maxExpiryDays - 1)} onChange={(event) => setExpiry(event.target.value)} />
        </label>
        <button type="submit" className="button" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create public link'}
        </button>
      </form>
      {create.error && (
        <p role="alert" className="form-error">
          Could not create a link: {describeError(create.error)}
        </p>
      )}
      {created && <CreatedLink url={publicLinkUrl(created.path)} />}
      {list.error && (
        <p role="alert" className="form-error">
          The links could not load: {describeError(list.error)}
        </p>
      )}
      {list.isPending && (
        <p role="status" className="muted small">
          Loading links…
        </p>
      )}
      {list.data && active.length === 0 && <p className="muted small">No working public links.</p>}
      {active.length > 0 && (
        <ul className={styles.links} aria-label="Working public links">
          {active.map((link) => (
            <LinkRow key={link.id} link={link} revoking={revoke.isPending} onRevoke={() => revoke.mutate({ organizationId, shareId: link.id })} />
          ))}
        </ul>
      )}
      {revoke.error && (
        <p role="alert" className="form-error">
          Could not revoke the link: {describeError(revoke.error)}
        </p>
      )}
      {ended.length > 0 && (
        <details>
          <summary className="small">Ended links ({ended.length})</summary>
          <ul className={styles.links}>
            {ended.map((link) => (
              <li key={link.id} className={styles.link}>
                <span className="small">
                  Created {formatDateTime(link.createdAt)} by {link.sharedBy.name} · {status(link)}
                </span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
