import { Redis } from 'ioredis';

/**
 * BullMQ workers and subscribers block on Redis: they need `maxRetriesPerRequest: null` so a
 * Redis restart is waited out instead of failing the loop. Background work that must not fail
 * because Redis restarts (the worker's counter updates) uses the same kind of connection.
 */
export function createBlockingRedis(url: string, connectionName: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, connectionName });
}

/**
 * Request/answer paths (ingest acceptance, dashboard reads) fail fast when Redis is away, so a
 * caller gets an error it can retry instead of a hanging request.
 */
export function createFailFastRedis(url: string, connectionName: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectionName, connectTimeout: 2000 });
}
