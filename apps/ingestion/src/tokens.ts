/** Injection token for the ingestion-only settings (IngestionOptions). */
export const INGESTION_OPTIONS = Symbol('INGESTION_OPTIONS');
