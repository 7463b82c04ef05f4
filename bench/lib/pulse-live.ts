import { createPulseClient } from '@pulse/api-contract';
import type { LatencyProbe } from './latency-probe.ts';
import { sleep } from './stats.ts';

/**
 * A dashboard watching `live.activity` over WebSocket as an organization user, feeding every
 * event it receives to the probe. Resolves once the subscription is running.
 */
export async function watchLiveActivity(url: string, email: string, probe: LatencyProbe) {
  const anonymous = createPulseClient({ url });
  const session = await anonymous.api.auth.login.mutate({ email, password: 'pulse-demo' });
  anonymous.close();
  const client = createPulseClient({ url, token: session.accessToken, transport: 'websocket' });
  let received = 0;
  const started = Promise.withResolvers<void>();
  const subscription = client.api.live.activity.subscribe(
    {},
    {
      onStarted: () => started.resolve(),
      onData: (item) => {
        const at = performance.now();
        received += item.data.events.length;
        for (const event of item.data.events) probe.arrived(event.id, at);
      },
      onError: (error) => {
        started.reject(error);
        console.error(`  [live] subscription error: ${error.message}`);
      },
    },
  );
  await started.promise;
  // the server subscribes to Redis before the stream starts; leave a moment for the relay
  await sleep(300);
  return {
    received: () => received,
    close() {
      subscription.unsubscribe();
      client.close();
    },
  };
}
