/**
 * Progress on stderr: a redrawn bar on a terminal, plain lines (at most one every few seconds)
 * when stderr is a file or a pipe, so logs stay readable.
 */
export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  total: number;
  stream: ProgressStream;
  now?: () => number;
  /** Minimum milliseconds between redraws (TTY) or lines (not a TTY). */
  ttyIntervalMs?: number;
  lineIntervalMs?: number;
  label?: string;
}

export function formatEta(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '--';
  return perSecond >= 100 ? `${Math.round(perSecond)}/s` : `${perSecond.toFixed(1)}/s`;
}

export class ProgressBar {
  private done = 0;
  private readonly started: number;
  private lastDraw = -Infinity;
  private finished = false;
  private drawnDone = -1;
  private readonly now: () => number;

  constructor(private readonly opts: ProgressOptions) {
    this.now = opts.now ?? Date.now;
    this.started = this.now();
  }

  /** The text of the current state: "[#####.....] 500/1000 50% 812.3/s ETA 1s". */
  line(width = 24): string {
    const { total } = this.opts;
    const frac = total > 0 ? Math.min(1, this.done / total) : 1;
    const elapsed = Math.max(1e-3, (this.now() - this.started) / 1000);
    const rate = this.done / elapsed;
    const eta = this.done >= total ? 0 : rate > 0 ? (total - this.done) / rate : NaN;
    const filled = Math.round(frac * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    return `${this.opts.label ? `${this.opts.label} ` : ''}${bar} ${this.done}/${total} ${Math.floor(frac * 100)}% ${formatRate(rate)} ETA ${formatEta(eta)}`;
  }

  update(done: number): void {
    this.done = done;
    const t = this.now();
    const tty = !!this.opts.stream.isTTY;
    const interval = tty ? (this.opts.ttyIntervalMs ?? 100) : (this.opts.lineIntervalMs ?? 2_000);
    if (t - this.lastDraw < interval && done < this.opts.total) return;
    this.lastDraw = t;
    this.draw();
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.drawnDone !== this.done || this.opts.stream.isTTY) this.draw();
    if (this.opts.stream.isTTY) this.opts.stream.write('\n');
  }

  private draw(): void {
    this.drawnDone = this.done;
    if (this.opts.stream.isTTY) {
      const cols = this.opts.stream.columns ?? 80;
      this.opts.stream.write(`\r${this.line(Math.max(10, Math.min(40, cols - 50)))}\u001b[K`);
    } else {
      this.opts.stream.write(`${this.line()}\n`);
    }
  }
}
