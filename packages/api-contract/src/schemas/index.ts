export * from './auth.ts';
export * from './dashboards.ts';
export * from './events.ts';
export * from './limits.ts';
export * from './live.ts';
export * from './scope.ts';
export * from './admin.ts';
