import net from 'node:net';

export interface WantedPort {
  /** What will listen there, e.g. "ingestion (INGESTION_PORT)". */
  what: string;
  host: string;
  port: number;
}

function tryListen(host: string, port: number): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (e: NodeJS.ErrnoException) => resolve(e));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

/**
 * Every wanted port that cannot be bound now (or is wanted twice), described in one line each —
 * checked all together before anything starts, so a user fixes them in one go rather than one per
 * attempt. Port 0 (any free port) always works. Something may still take a port between this check
 * and the real bind; that is reported when it happens.
 */
export async function findPortConflicts(wanted: WantedPort[]): Promise<string[]> {
  const problems: string[] = [];
  const seen = new Map<number, string>();
  for (const w of wanted) {
    if (w.port === 0) continue;
    const other = seen.get(w.port);
    if (other) {
      problems.push(`${w.port} is wanted by both ${other} and ${w.what}`);
      continue;
    }
    seen.set(w.port, w.what);
    const e = await tryListen(w.host, w.port);
    if (e)
      problems.push(
        `${w.host}:${w.port} for ${w.what}: ${e.code === 'EADDRINUSE' ? 'already in use' : e.code === 'EACCES' ? 'not allowed' : e.message}`,
      );
  }
  return problems;
}

/** A port free right now on `host` (for a value that must be known before the service listens). */
export async function freePort(host: string): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}
