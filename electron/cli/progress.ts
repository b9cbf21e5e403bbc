import type { JobProgress } from '../../shared/api';

/**
 * A progress bar on stderr, so stdout stays clean for results. On a terminal it redraws one line; in CI
 * logs it prints a line per phase instead of hundreds of carriage returns.
 */
export class ProgressBar {
  private lastPhase = '';
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly width = 30,
  ) {}

  update(progress: JobProgress): void {
    if (!this.stream.isTTY) {
      if (progress.phase !== this.lastPhase && progress.phase !== 'done') this.stream.write(`${progress.phase}…\n`);
      this.lastPhase = progress.phase;
      return;
    }
    const fraction = progress.totalBytes > 0 ? Math.min(1, progress.bytesRead / progress.totalBytes) : 0;
    const filled = Math.round(fraction * this.width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(this.width - filled)}`;
    const megabytes = (bytes: number): string => (bytes / 1_048_576).toFixed(1);
    const rows = progress.rows > 0 ? `  ${progress.rows.toLocaleString('en-GB')} rows` : '';
    this.stream.write(`\r${bar} ${String(Math.round(fraction * 100)).padStart(3)}%  ${progress.phase.padEnd(10)} ${megabytes(progress.bytesRead)}/${megabytes(progress.totalBytes)} MB${rows}\u001b[K`);
    this.drawn = true;
    this.lastPhase = progress.phase;
  }

  finish(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
