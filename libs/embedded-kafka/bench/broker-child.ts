// The broker under measurement, in its own process so its CPU time is its own.
import { startEmbeddedKafka } from '../src';

void startEmbeddedKafka({ port: 0, defaultPartitions: 4 }).then((broker) => {
  process.send!({ port: broker.port });
  process.on('message', (m: string) => {
    if (m === 'usage') process.send!({ cpu: process.cpuUsage(), metrics: broker.metrics() });
    if (m === 'stop') void broker.stop().then(() => process.exit(0));
  });
});
