import type { ReactNode } from 'react';
import type { ErrorCode, WorkbenchError } from '../../../shared/result';

/**
 * What the officer can do next, by error code, where the screen does not know better (`nextStep`); the engine's
 * message says what went wrong.
 */
const NEXT_STEP: Record<ErrorCode, string> = {
  'invalid-request': 'Change what you asked for as the message says, then try again.',
  'unknown-method': 'This window and the workbench engine are different versions. Close the workbench and open it again.',
  forbidden: 'Close this window and open the workbench again from its start-up command or shortcut.',
  'not-found': 'Select Refresh to update the list of tables; the table may have been replaced or removed.',
  'unusable-file': 'Check the file opens in Excel, then try again.',
  'import-failed': 'Check the file, then try the import again.',
  cancelled: 'Try again when you are ready.',
  busy: 'The workspace is busy with another task. Wait a moment, then try again.',
  internal: 'Try again. If it keeps happening, close and reopen the workbench and tell your data team.',
};

interface ProblemNoticeProps {
  readonly title: string;
  readonly error: WorkbenchError | null;
  /** Buttons that act on the problem, such as Try again. */
  readonly actions?: ReactNode;
  /** What to do next about this problem on this screen, when it knows better than the error code's advice. */
  readonly nextStep?: string | undefined;
}

/**
 * A polite live region that is always in the page, so screen readers announce a problem when it appears
 * without interrupting what the officer is doing.
 */
export function ProblemNotice({ title, error, actions, nextStep }: ProblemNoticeProps) {
  return (
    <div role="status" aria-live="polite" aria-atomic="true" className={error ? 'notice notice--problem' : 'notice notice--empty'}>
      {error && (
        <>
          <p className="notice__title">{title}</p>
          <p className="notice__message">{error.message}</p>
          <p className="notice__next">{nextStep ?? NEXT_STEP[error.code]}</p>
          {actions && <div className="notice__actions">{actions}</div>}
        </>
      )}
    </div>
  );
}
