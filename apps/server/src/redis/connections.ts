import { Redis } from 'ioredis';
import { errorFields, type Logger } from '../log.ts';

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

/**
 * The blocking connections of a worker process (one per worker, the counters, the hand-on
 * queues), each with its errors logged, quit together on shutdown.
 */
export function createBlockingConnections(url: string, log: Logger) {
  const connections: Redis[] = [];
  return {
    open(connectionName: string): Redis {
      const connection = createBlockingRedis(url, connectionName);
      connection.on('error', (error) => log.warn(`redis ${connectionName} connection error`, errorFields(error)));
      connections.push(connection);
      return connection;
    },
    quitAll: () => Promise.all(connections.map((connection) => connection.quit().catch(() => connection.disconnect()))),
  };
}

export type BlockingConnections = ReturnType<typeof createBlockingConnections>;
