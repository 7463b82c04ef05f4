// The design the source documents sketch, as a baseline: an HTTP endpoint that puts every
// event in its own BullMQ job (with the documents' retry settings) and answers once all the
// jobs of the request are in Redis. Started by the benchmark as a child process.
import { createServer } from 'node:http';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { NAIVE_JOB_OPTIONS, NAIVE_QUEUE, type NaiveJob } from './naive-keys.ts';

const { PORT = '0', REDIS_URL = 'redis://127.0.0.1:6379', REDIS_PREFIX = 'naive', ORGANIZATION_ID = '' } = process.env;
const queue = new Queue<NaiveJob>(NAIVE_QUEUE, { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix: REDIS_PREFIX });

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health') return void res.writeHead(200).end('ok');
  if (req.method !== 'POST' || req.url !== '/ingest') return void res.writeHead(404).end();
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const { events } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events: NaiveJob['event'][] };
    Promise.all(events.map((event) => queue.add('activity', { organizationId: ORGANIZATION_ID, event }, NAIVE_JOB_OPTIONS))).then(
      () => res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: events.length })),
      (error: unknown) => res.writeHead(503).end(String(error)),
    );
  });
});
server.listen(Number(PORT), '127.0.0.1');
process.on('SIGTERM', () => {
  server.close();
  void queue.close().then(() => process.exit(0));
});
