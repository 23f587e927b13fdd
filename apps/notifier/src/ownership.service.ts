import { Injectable, Logger } from '@nestjs/common';
import { TOPIC_SPECS, TOPICS } from '@watchfire/contracts';

/** FNV-1a, 32 bit: a stable spread of subscription ids over the alert partitions. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Which work this instance owns, derived from its share of the alerts consumer group: retries of
 * deliveries whose alert came from a partition it holds, and the digests of the subscribers that
 * hash to one. Every piece of background work thus has one owner, and moves with the partitions
 * when instances come and go.
 */
@Injectable()
export class OwnershipService {
  private readonly logger = new Logger('ownership');
  private partitions = new Set<number>();
  private readonly listeners: (() => void)[] = [];

  set(assignment: Record<string, number[]>): void {
    this.partitions = new Set(assignment[TOPICS.alerts] ?? []);
    this.logger.log(`owns alert partitions [${[...this.partitions].sort().join(',')}]`);
    for (const l of this.listeners) l();
  }

  onChange(l: () => void): void {
    this.listeners.push(l);
  }

  ownsPartition(p: number | undefined): boolean {
    return p !== undefined && this.partitions.has(p);
  }

  ownsSubscription(subscriptionId: string): boolean {
    return this.partitions.has(fnv1a(subscriptionId) % TOPIC_SPECS.alerts.partitions);
  }

  get any(): boolean {
    return this.partitions.size > 0;
  }
}
