import type { ViewerScope } from './viewer-scope.ts';

/** Positional parameters collected while a statement is written. */
export function sqlParams(initial: unknown[] = []) {
  const values = [...initial];
  return {
    values,
    add(value: unknown): string {
      values.push(value);
      return `$${values.length}`;
    },
  };
}

/** The scope as a condition on a table with branch_id / department_id (null rows only for the organization). */
export function scopeCondition(scope: ViewerScope, params: ReturnType<typeof sqlParams>): string {
  switch (scope.kind) {
    case 'organization':
      return 'TRUE';
    case 'branch':
      return `branch_id = ${params.add(scope.id)}::uuid`;
    case 'department':
      return `department_id = ${params.add(scope.id)}::uuid`;
    case 'nothing':
      return 'FALSE';
  }
}
