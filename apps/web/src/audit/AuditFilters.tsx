import { useState } from 'react';
import { SelectField } from '../ui/SelectField.tsx';
import { timeChoices } from '../ui/time-ranges.ts';
import type { AuditSearch, AuditTimeRange } from './audit-filter.ts';
import styles from './AuditScreen.module.css';

const TIME_CHOICES = timeChoices<AuditTimeRange>(['any', '1h', '24h', '7d', '30d']);

type Props = {
  search: AuditSearch;
  onSearch(change: Partial<AuditSearch>): void;
};

const orUndefined = (text: string) => text.trim() || undefined;

/**
 * Action, target and time, applied together (Enter or "Apply"), so typing a prefix does not
 * load the log once per key. The actor is chosen from the list (see the screen).
 */
export function AuditFilters({ search, onSearch }: Props) {
  const [action, setAction] = useState(search.action ?? '');
  const [targetType, setTargetType] = useState(search.targetType ?? '');
  const [targetId, setTargetId] = useState(search.targetId ?? '');
  const [time, setTime] = useState<AuditTimeRange>(search.time ?? 'any');

  const clear = () => {
    setAction('');
    setTargetType('');
    setTargetId('');
    setTime('any');
    onSearch({ actor: undefined, action: undefined, targetType: undefined, targetId: undefined, time: undefined });
  };

  return (
    <form
      className="filters"
      aria-label="Audit filters"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch({ action: orUndefined(action), targetType: orUndefined(targetType), targetId: orUndefined(targetId), time: time === 'any' ? undefined : time });
      }}
    >
      <label className="field">
        <span>Action</span>
        <input value={action} maxLength={100} placeholder="auth. or alert_rule.create" onChange={(event) => setAction(event.target.value)} />
      </label>
      <label className="field">
        <span>Target type</span>
        <input value={targetType} maxLength={100} placeholder="alert_rule" onChange={(event) => setTargetType(event.target.value)} />
      </label>
      <label className="field">
        <span>Target id</span>
        <input value={targetId} maxLength={200} onChange={(event) => setTargetId(event.target.value)} />
      </label>
      <SelectField<AuditTimeRange> label="Time" value={time} choices={TIME_CHOICES} onChange={setTime} />
      <div className={`button-row ${styles.filterButtons}`}>
        <button type="submit" className="button">
          Apply filters
        </button>
        <button type="button" className="button button-quiet" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  );
}
