import type { Admin } from 'kafkajs';
import type { TopicSpec } from '@watchfire/contracts';

/**
 * Creates the topics that do not exist yet, with their partition counts and cleanup policy.
 * Existing topics are left as they are (an operator may have tuned them).
 */
export async function ensureTopics(
  admin: Admin,
  specs: TopicSpec[],
  replicationFactor = -1,
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  if (missing.length === 0) return [];
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((s) => ({
        topic: s.name,
        numPartitions: s.partitions,
        replicationFactor,
        configEntries: s.compacted ? [{ name: 'cleanup.policy', value: 'compact' }] : [],
      })),
    });
  } catch (e) {
    // Another instance may have created them between our list and create: that is fine.
    const still = new Set(await admin.listTopics());
    const absent = missing.filter((s) => !still.has(s.name));
    if (absent.length) throw e;
  }
  return missing.map((s) => s.name);
}
