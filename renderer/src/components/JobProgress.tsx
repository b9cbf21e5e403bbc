import type { JobProgress as Progress } from '../../../shared/api';
import { formatBytes, formatCount } from '../explore/format';
import { progressFraction } from './job-polling';

/** Plain words for the engine's job phases. */
const PHASES: Record<string, string> = {
  starting: 'Starting',
  hashing: 'Checking the file',
  reading: 'Reading rows',
  committing: 'Saving to the workspace',
  running: 'Running',
  done: 'Finishing',
};

interface JobProgressProps {
  readonly label: string;
  readonly progress: Progress;
  readonly cancelling: boolean;
  readonly onCancel: () => void;
}

/**
 * A labelled progress bar with a Cancel button. The bar is determinate when the engine knows the size of the
 * work; the text below says the phase (announced politely) and the rows and bytes so far.
 */
export function JobProgress({ label, progress, cancelling, onCancel }: JobProgressProps) {
  const fraction = progressFraction(progress);
  const phase = PHASES[progress.phase] ?? progress.phase;
  const parts: string[] = [];
  if (progress.rows > 0) parts.push(`${formatCount(progress.rows)} rows`);
  if (progress.totalBytes > 0) parts.push(`${formatBytes(progress.bytesRead)} of ${formatBytes(progress.totalBytes)}`);
  return (
    <div className="job-progress">
      <label className="job-progress__label" htmlFor="job-progress-bar">
        {label}
      </label>
      <div className="job-progress__row">
        {fraction === null ? (
          <progress id="job-progress-bar" className="job-progress__bar" />
        ) : (
          <progress id="job-progress-bar" className="job-progress__bar" max={1} value={fraction} />
        )}
        <button type="button" className="button button--secondary" onClick={onCancel} disabled={cancelling}>
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
      {/* Only the phase is announced: bytes change five times a second and would drown a screen reader. */}
      <p className="job-progress__status" role="status" aria-live="polite">
        {cancelling ? 'Cancelling: nothing will be changed.' : phase}
      </p>
      {parts.length > 0 && <p className="job-progress__detail">{parts.join(' · ')}</p>}
    </div>
  );
}
