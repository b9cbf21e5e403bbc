import type { RecipeRunSummary } from '../../../shared/api';
import { runLabel } from './recipe-runs';

interface RunPickerProps {
  readonly id: string;
  readonly runs: readonly RecipeRunSummary[];
  /** '' for the latest run. */
  readonly value: string;
  readonly onChange: (runId: string) => void;
}

/** Chooses which recipe run a screen shows; the latest unless the officer picks an earlier one. */
export function RunPicker({ id, runs, value, onChange }: RunPickerProps) {
  return (
    <div className="field">
      <label htmlFor={id}>Recipe run</label>
      <select id={id} className="select" value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">Latest run{runs[0] ? ` (${runLabel(runs[0])})` : ''}</option>
        {runs.map((run) => (
          <option key={run.runId} value={run.runId}>
            {runLabel(run)}
          </option>
        ))}
      </select>
    </div>
  );
}
