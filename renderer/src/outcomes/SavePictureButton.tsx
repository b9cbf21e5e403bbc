import { useState } from 'react';
import type { OutcomesPicture } from './outcomes-picture';
import type { OutcomesModel } from './outcomes-view';
import { pictureText, saveSvgAsPng } from './save-picture';

interface SavePictureButtonProps {
  readonly view: OutcomesModel;
  readonly label: string;
  readonly fileName: string;
  /** Drawn when the button is pressed, from the page's model. */
  readonly picture: () => OutcomesPicture;
}

/** Saves one of the page's charts as a PNG carrying its title, period, sources and suppression rule. */
export function SavePictureButton({ view, label, fileName, picture }: SavePictureButtonProps) {
  const [status, setStatus] = useState('');

  async function save() {
    const drawn = picture();
    try {
      await saveSvgAsPng(drawn.svg, drawn.width, drawn.height, fileName, pictureText(view, drawn.title, drawn.description));
      setStatus(`Saved ${fileName} to your downloads folder, with its period, sources and suppression rule.`);
    } catch (error) {
      setStatus(`${error instanceof Error ? error.message : 'The picture could not be saved.'} Try again.`);
    }
  }

  return (
    <div className="outcomes-picture no-print">
      <button type="button" className="button button--secondary button--small" onClick={() => void save()}>
        {label}
      </button>
      <span className="outcomes-picture__status" role="status" aria-live="polite">
        {status}
      </span>
    </div>
  );
}
