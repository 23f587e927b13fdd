import { randomUUID } from 'node:crypto';

export const ERR = {
  NONE: 0,
  OFFSET_OUT_OF_RANGE: 1,
  CORRUPT_MESSAGE: 2,
  UNKNOWN_TOPIC_OR_PARTITION: 3,
  MESSAGE_TOO_LARGE: 10,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  INVALID_TOPIC: 17,
  RECORD_LIST_TOO_LARGE: 18,
  ILLEGAL_GENERATION: 22,
  INCONSISTENT_GROUP_PROTOCOL: 23,
  INVALID_GROUP_ID: 24,
  UNKNOWN_MEMBER_ID: 25,
  INVALID_SESSION_TIMEOUT: 26,
  REBALANCE_IN_PROGRESS: 27,
  UNSUPPORTED_VERSION: 35,
  TOPIC_ALREADY_EXISTS: 36,
  INVALID_PARTITIONS: 37,
  INVALID_REPLICATION_FACTOR: 38,
  INVALID_REQUEST: 42,
  OUT_OF_ORDER_SEQUENCE_NUMBER: 45,
  DUPLICATE_SEQUENCE_NUMBER: 46,
  INVALID_PRODUCER_EPOCH: 47,
  UNKNOWN_PRODUCER_ID: 59,
  MEMBER_ID_REQUIRED: 79,
  GROUP_ID_NOT_FOUND: 69,
  NON_EMPTY_GROUP: 68,
} as const;

export interface JoinResult {
  error: number;
  generation: number;
  protocol: string;
  leader: string;
  memberId: string;
  members: { memberId: string; metadata: Buffer }[];
}

interface Member {
  id: string;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: { name: string; metadata: Buffer }[];
  assignment: Buffer;
  lastSeen: number;
  /** Set while this member waits in JoinGroup for the rebalance to complete. */
  pendingJoin: ((r: JoinResult) => void) | null;
  pendingSync: ((r: { error: number; assignment: Buffer }) => void) | null;
}

type State = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable';

/**
 * A consumer group, classic protocol. A rebalance gathers members until every known member has
 * rejoined or the rebalance timeout passes; then the generation increments, the leader receives all
 * members' metadata and computes the assignment client-side, which it hands back in SyncGroup.
 */
export class Group {
  state: State = 'Empty';
  generation = 0;
  protocolType = '';
  protocol = '';
  leader = '';
  readonly members = new Map<string, Member>();
  private rebalanceTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly id: string,
    private readonly initialDelayMs: number,
  ) {}

  join(req: {
    memberId: string;
    clientId: string;
    clientHost: string;
    sessionTimeoutMs: number;
    rebalanceTimeoutMs: number;
    protocolType: string;
    protocols: { name: string; metadata: Buffer }[];
  }): Promise<JoinResult> {
    const fail = (error: number): Promise<JoinResult> =>
      Promise.resolve({
        error,
        generation: -1,
        protocol: '',
        leader: '',
        memberId: req.memberId,
        members: [],
      });
    if (this.members.size > 0 && req.protocolType !== this.protocolType)
      return fail(ERR.INCONSISTENT_GROUP_PROTOCOL);
    let member = req.memberId ? this.members.get(req.memberId) : undefined;
    if (req.memberId && !member) return fail(ERR.UNKNOWN_MEMBER_ID);
    if (!member) {
      member = {
        id: `${req.clientId || 'member'}-${randomUUID()}`,
        clientId: req.clientId,
        clientHost: req.clientHost,
        sessionTimeoutMs: req.sessionTimeoutMs,
        rebalanceTimeoutMs: req.rebalanceTimeoutMs,
        protocolType: req.protocolType,
        protocols: req.protocols,
        assignment: Buffer.alloc(0),
        lastSeen: Date.now(),
        pendingJoin: null,
        pendingSync: null,
      };
      this.members.set(member.id, member);
    }
    Object.assign(member, {
      sessionTimeoutMs: req.sessionTimeoutMs,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      protocols: req.protocols,
      lastSeen: Date.now(),
    });
    this.protocolType = req.protocolType;
    const m = member;
    const result = new Promise<JoinResult>((resolve) => {
      m.pendingJoin?.({
        error: ERR.REBALANCE_IN_PROGRESS,
        generation: -1,
        protocol: '',
        leader: '',
        memberId: m.id,
        members: [],
      });
      m.pendingJoin = resolve;
    });
    if (this.state !== 'PreparingRebalance')
      this.prepareRebalance(this.state === 'Empty' ? this.initialDelayMs : 0);
    this.maybeCompleteJoin();
    return result;
  }

  private prepareRebalance(minDelayMs = 0): void {
    // Members waiting for their assignment learn that it changed.
    for (const m of this.members.values()) {
      m.pendingSync?.({ error: ERR.REBALANCE_IN_PROGRESS, assignment: Buffer.alloc(0) });
      m.pendingSync = null;
    }
    this.state = 'PreparingRebalance';
    const timeout = Math.max(minDelayMs, ...[...this.members.values()].map((m) => m.rebalanceTimeoutMs), 0);
    if (this.rebalanceTimer) clearTimeout(this.rebalanceTimer);
    this.delayUntil = Date.now() + minDelayMs;
    this.rebalanceTimer = setTimeout(() => this.completeJoin(), timeout);
    if (minDelayMs > 0) setTimeout(() => this.maybeCompleteJoin(), minDelayMs + 1);
  }
  private delayUntil = 0;

  private maybeCompleteJoin(): void {
    if (this.state !== 'PreparingRebalance' || Date.now() < this.delayUntil) return;
    for (const m of this.members.values()) if (!m.pendingJoin) return;
    this.completeJoin();
  }

  private completeJoin(): void {
    if (this.state !== 'PreparingRebalance') return;
    if (this.rebalanceTimer) clearTimeout(this.rebalanceTimer);
    this.rebalanceTimer = null;
    // Members that did not rejoin in time are out.
    for (const [id, m] of this.members) if (!m.pendingJoin) this.members.delete(id);
    if (this.members.size === 0) {
      this.state = 'Empty';
      this.generation += 1;
      this.leader = '';
      return;
    }
    this.generation += 1;
    const all = [...this.members.values()];
    const candidates = all[0].protocols
      .map((p) => p.name)
      .filter((name) => all.every((m) => m.protocols.some((p) => p.name === name)));
    this.protocol = candidates[0] ?? '';
    if (!this.members.has(this.leader)) this.leader = all[0].id;
    this.state = 'CompletingRebalance';
    const members = all.map((m) => ({
      memberId: m.id,
      metadata: m.protocols.find((p) => p.name === this.protocol)?.metadata ?? Buffer.alloc(0),
    }));
    for (const m of all) {
      const resolve = m.pendingJoin!;
      m.pendingJoin = null;
      m.lastSeen = Date.now();
      resolve({
        error: this.protocol ? ERR.NONE : ERR.INCONSISTENT_GROUP_PROTOCOL,
        generation: this.generation,
        protocol: this.protocol,
        leader: this.leader,
        memberId: m.id,
        members: m.id === this.leader ? members : [],
      });
    }
  }

  sync(
    memberId: string,
    generation: number,
    assignments: { memberId: string; assignment: Buffer }[],
  ): Promise<{ error: number; assignment: Buffer }> {
    const m = this.members.get(memberId);
    const empty = Buffer.alloc(0);
    if (!m) return Promise.resolve({ error: ERR.UNKNOWN_MEMBER_ID, assignment: empty });
    if (generation !== this.generation)
      return Promise.resolve({ error: ERR.ILLEGAL_GENERATION, assignment: empty });
    if (this.state === 'PreparingRebalance')
      return Promise.resolve({ error: ERR.REBALANCE_IN_PROGRESS, assignment: empty });
    m.lastSeen = Date.now();
    if (this.state === 'Stable') return Promise.resolve({ error: ERR.NONE, assignment: m.assignment });
    const p = new Promise<{ error: number; assignment: Buffer }>((resolve) => (m.pendingSync = resolve));
    if (memberId === this.leader) {
      const given = new Map(assignments.map((a) => [a.memberId, a.assignment]));
      for (const member of this.members.values()) {
        member.assignment = given.get(member.id) ?? empty;
        member.pendingSync?.({ error: ERR.NONE, assignment: member.assignment });
        member.pendingSync = null;
      }
      this.state = 'Stable';
    }
    return p;
  }

  heartbeat(memberId: string, generation: number): number {
    const m = this.members.get(memberId);
    if (!m) return ERR.UNKNOWN_MEMBER_ID;
    m.lastSeen = Date.now();
    if (this.state === 'PreparingRebalance') return ERR.REBALANCE_IN_PROGRESS;
    if (generation !== this.generation) return ERR.ILLEGAL_GENERATION;
    return ERR.NONE;
  }

  leave(memberId: string): number {
    const m = this.members.get(memberId);
    if (!m) return ERR.UNKNOWN_MEMBER_ID;
    this.remove(m);
    return ERR.NONE;
  }

  private remove(m: Member): void {
    this.members.delete(m.id);
    m.pendingJoin?.({
      error: ERR.UNKNOWN_MEMBER_ID,
      generation: -1,
      protocol: '',
      leader: '',
      memberId: m.id,
      members: [],
    });
    m.pendingSync?.({ error: ERR.UNKNOWN_MEMBER_ID, assignment: Buffer.alloc(0) });
    if (this.members.size === 0) {
      if (this.rebalanceTimer) clearTimeout(this.rebalanceTimer);
      this.rebalanceTimer = null;
      this.state = 'Empty';
      this.leader = '';
      this.generation += 1;
    } else if (this.state === 'PreparingRebalance') this.maybeCompleteJoin();
    else this.prepareRebalance();
  }

  /** Removes members whose session timed out (a member waiting in JoinGroup is alive). */
  expire(now: number): void {
    for (const m of [...this.members.values()]) {
      if (!m.pendingJoin && now - m.lastSeen > m.sessionTimeoutMs) this.remove(m);
    }
  }

  describe() {
    return {
      state: this.state === 'CompletingRebalance' ? 'CompletingRebalance' : this.state,
      protocolType: this.protocolType,
      protocol: this.protocol,
      members: [...this.members.values()].map((m) => ({
        memberId: m.id,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: m.protocols.find((p) => p.name === this.protocol)?.metadata ?? Buffer.alloc(0),
        assignment: m.assignment,
      })),
    };
  }

  close(): void {
    if (this.rebalanceTimer) clearTimeout(this.rebalanceTimer);
  }
}
