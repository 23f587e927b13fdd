/**
 * What the dispatcher and the digest service need from their collaborators, and nothing more.
 * Abstract classes rather than interfaces because NestJS injects by class: the module binds each
 * port to its service (`useExisting`), and a unit test passes a plain object typed as the port —
 * a fake that type-checks, no `as never`.
 */
import type { Alert, Delivery, SubscriptionRecord } from '@watchfire/contracts';
import type { FailedMessage } from '@watchfire/kafka';
import type { AlertFacts, RenderedEmail } from '@watchfire/notify';

/** The delivery ledger (watchfire.deliveries.v1): consulted before a send, written after it. */
export abstract class DeliveryLedger {
  abstract get(id: string): Delivery | undefined;
  abstract write(record: Delivery): Promise<void>;
  abstract onChange(listener: (record: Delivery | null, id: string) => void): void;
  abstract entries(): IterableIterator<[string, Delivery]>;
}

/** SMTP: sends one rendered mail, resolves with the server's answer, throws its error. */
export abstract class MailTransport {
  abstract readonly messageIdDomain: string;
  abstract send(mail: RenderedEmail): Promise<string>;
}

/** The subscriptions an alert goes to, and one by id. */
export abstract class SubscriptionLookup {
  abstract match(alert: Alert | AlertFacts): SubscriptionRecord[];
  abstract find(id: string): SubscriptionRecord | undefined;
}

/** Queues an alert for a subscriber's digest; resolves with the digest id. */
export abstract class DigestQueue {
  abstract enqueue(alert: Alert, sub: SubscriptionRecord): Promise<string>;
}

/** The DLQ. */
export abstract class DeadLetters {
  abstract send(failed: FailedMessage): Promise<void>;
}
