/** The kafkajs client of a service (one per Nest application). */
export const KAFKA = Symbol('KAFKA');
/** The KafkaModule options of a service. */
export const KAFKA_OPTIONS = Symbol('KAFKA_OPTIONS');
