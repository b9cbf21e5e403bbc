import { useEffect, useRef } from 'react';
import type { ShortcutHelp } from './keyboard-shortcuts';

interface ShortcutsDialogProps {
  readonly open: boolean;
  readonly shortcuts: readonly ShortcutHelp[];
  readonly onClose: () => void;
}

/**
 * A native modal dialog: the browser keeps focus inside it, closes it on Escape and returns focus to the
 * control that opened it, which hand-made overlays often get wrong.
 */
export function ShortcutsDialog({ open, shortcuts, onClose }: ShortcutsDialogProps) {
  const dialogRef = useRef<HTMLDialogElement | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title" className="dialog__title">
        Keyboard shortcuts
      </h2>
      <table className="data-table">
        <caption className="visually-hidden">Keys and what they do</caption>
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What it does</th>
          </tr>
        </thead>
        <tbody>
          {shortcuts.map((shortcut) => (
            <tr key={shortcut.keys}>
              <td>
                <kbd>{shortcut.keys}</kbd>
              </td>
              <td>{shortcut.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog__actions">
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
