import styles from './DemoLogins.module.css';

export const DEMO_PASSWORD = 'pulse-demo';

/** The accounts of the demo seeder (packages/db `demo.ts`). */
const DEMO_ACCOUNTS = [
  { email: 'manager@acme.test', who: 'manager at Acme' },
  { email: 'owner@acme.test', who: 'owner of Acme' },
  { email: 'leader@acme.test', who: 'leader at Acme' },
  { email: 'owner@globex.test', who: 'owner of Globex' },
  { email: 'admin@pulse.test', who: 'platform superadmin: every organization' },
] as const;

/** Demo mode is the default: say which accounts the seeder created. */
export function DemoLogins({ onPick }: { onPick(email: string, password: string): void }) {
  return (
    <aside className={styles.demo} aria-labelledby="demo-title">
      <h2 id="demo-title">Demo accounts</h2>
      <p>
        Password <code>{DEMO_PASSWORD}</code> for each:
      </p>
      <ul>
        {DEMO_ACCOUNTS.map((account) => (
          <li key={account.email}>
            <button type="button" className="link-button" onClick={() => onPick(account.email, DEMO_PASSWORD)}>
              {account.email}
            </button>
            <span className="demo-who"> — {account.who}</span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
