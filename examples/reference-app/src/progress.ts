/**
 * Progress a person can follow: the stage, rows per second where rows are counted, and the elapsed
 * time. On a TTY a single redrawn line with a bar; otherwise one plain line per stage. Always on
 * stderr, so that `--json` keeps stdout for the document; silent with `--quiet`.
 */

/** Where progress goes. */
export interface ProgressSink {
  /** Is the stream an interactive terminal (redraw in place)? */
  readonly isTTY?: boolean;
  /** Write text. */
  write(text: string): unknown;
}

/** A stage's outcome: its name, seconds, and optional rows handled. */
export interface StageTiming {
  readonly stage: string;
  readonly seconds: number;
  readonly rows?: number;
}

/** Reports the stages of a long run. */
export class Progress {
  readonly timings: StageTiming[] = [];
  private readonly start = performance.now();
  private stageStart = performance.now();
  private current = '';
  private index = 0;

  /**
   * @param sink - the stream (stderr), or null for `--quiet`
   * @param total - the number of stages, for the bar
   */
  constructor(
    private readonly sink: ProgressSink | null,
    private readonly total: number,
  ) {}

  /** Starts a stage. */
  begin(stage: string): void {
    this.current = stage;
    this.stageStart = performance.now();
    this.index++;
    if (this.sink?.isTTY) this.draw(`${stage}...`);
  }

  /**
   * Ends the current stage; `rows` gives a rows/s figure; `detail` a short note; `seconds` the
   * stage's own time when it ran elsewhere (a worker thread) rather than since `begin`.
   */
  end(rows?: number, detail?: string, seconds = (performance.now() - this.stageStart) / 1000): StageTiming {
    const timing: StageTiming = rows === undefined ? { stage: this.current, seconds } : { stage: this.current, seconds, rows };
    this.timings.push(timing);
    const rate = rows !== undefined && seconds > 0 ? `, ${Math.round(rows / seconds).toLocaleString('en-GB')} rows/s` : '';
    const text = `${this.current}: ${seconds.toFixed(2)} s${rate}${detail ? ` (${detail})` : ''}`;
    if (this.sink?.isTTY) this.draw(text, true);
    else this.sink?.write(`[${this.index}/${this.total}] ${text}  elapsed ${this.elapsed().toFixed(1)} s\n`);
    return timing;
  }

  /** Runs `fn` as a stage. */
  async stage<T>(name: string, fn: () => T | Promise<T>, rows?: (value: T) => number | undefined, detail?: (value: T) => string | undefined): Promise<T> {
    this.begin(name);
    const value = await fn();
    this.end(rows?.(value), detail?.(value));
    return value;
  }

  /** A plain message line (not a stage). */
  note(text: string): void {
    this.sink?.write(`${text}\n`);
  }

  /** Seconds since the start. */
  elapsed(): number {
    return (performance.now() - this.start) / 1000;
  }

  private draw(text: string, done = false): void {
    const width = 24;
    const filled = Math.round(((done ? this.index : this.index - 1) / this.total) * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    this.sink!.write(`\r\x1b[2K${bar} ${this.index}/${this.total} ${text}  ${this.elapsed().toFixed(1)} s${done ? '\n' : ''}`);
  }
}
