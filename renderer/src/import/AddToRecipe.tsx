import { useState } from 'react';
import type { AddSourceToRecipeRequest, ResponseOf } from '../../../shared/api';
import type { WorkbenchError } from '../../../shared/result';
import { useWorkbenchApi } from '../api/workbench-api-context';
import { ProblemNotice } from '../components/ProblemNotice';
import { fileNameOf } from './recipe-source';

interface AddToRecipeProps {
  /** This import as the window started it; the engine turns it into the recipe source. */
  readonly importDescription: AddSourceToRecipeRequest['import'];
}

interface Problem {
  readonly title: string;
  readonly error: WorkbenchError;
}

type Added = ResponseOf<'addSourceToRecipe'>;

/**
 * "Add to a recipe": the user picks a recipe (open dialog) or where a new one goes (save dialog), and the
 * engine adds this import's source to it, or replaces the source of the same id, and writes it whole.
 */
export function AddToRecipe({ importDescription }: AddToRecipeProps) {
  const api = useWorkbenchApi();
  const [choices, setChoices] = useState<readonly string[]>([]);
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState('');
  const [added, setAdded] = useState<Added | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function add(recipePath: string, recipe: AddSourceToRecipeRequest['recipe']) {
    setBusy(`Adding this import to ${fileNameOf(recipePath)}…`);
    const result = await api.addSourceToRecipe({ recipePath, recipe, import: importDescription });
    setBusy('');
    if (!result.ok) {
      setProblem({ title: `This import could not be added to ${fileNameOf(recipePath)}`, error: result.error });
      return;
    }
    setAdded(result.value);
  }

  async function chooseExisting() {
    setProblem(null);
    setAdded(null);
    const picked = await api.chooseFiles({ purpose: 'recipe', multiple: false });
    if (!picked.ok) {
      setProblem({ title: 'A recipe could not be chosen', error: picked.error });
      return;
    }
    const paths = picked.value.paths;
    // The desktop dialog returns the one file picked; the loopback host offers every recipe it may read.
    setChoices(paths.length > 1 ? paths : []);
    setChosen('');
    const [only] = paths;
    if (paths.length === 1 && only !== undefined) await add(only, 'existing');
  }

  async function startNew() {
    setProblem(null);
    setAdded(null);
    setChoices([]);
    const stem = fileNameOf(importDescription.path).replace(/\.[^.]+$/, '');
    const picked = await api.chooseSavePath({ purpose: 'recipe', suggestedName: `${stem}.recipe.json` });
    if (!picked.ok) {
      setProblem({ title: 'A place for the new recipe could not be chosen', error: picked.error });
      return;
    }
    if (picked.value.path !== null) await add(picked.value.path, 'new');
  }

  return (
    <div className="recipe-source" role="group" aria-labelledby="add-to-recipe-heading">
      <h3 id="add-to-recipe-heading" className="recipe-source__title">
        Add to a recipe
      </h3>
      <p className="panel__hint">
        Save this import as a source of a recipe (file, sheet, header row, specification and mapping) so next quarter’s file imports the same way. A source with the same id is
        replaced, keeping its attributes.
      </p>
      <div className="button-row">
        <button type="button" className="button" onClick={() => void chooseExisting()} disabled={busy !== ''}>
          Add to a recipe…
        </button>
        <button type="button" className="button button--secondary" onClick={() => void startNew()} disabled={busy !== ''}>
          Start a new recipe…
        </button>
      </div>
      {choices.length > 0 && (
        <div className="field">
          <label htmlFor="add-to-recipe-file">Recipe to add this import to</label>
          <div className="button-row">
            <select id="add-to-recipe-file" className="select" value={chosen} onChange={(event) => setChosen(event.target.value)}>
              <option value="">Choose a recipe file…</option>
              {choices.map((path) => (
                <option key={path} value={path}>
                  {fileNameOf(path)}
                </option>
              ))}
            </select>
            <button type="button" className="button" disabled={chosen === '' || busy !== ''} onClick={() => void add(chosen, 'existing')}>
              Add to this recipe
            </button>
          </div>
        </div>
      )}
      <p className="button-row__status" role="status" aria-live="polite">
        {busy !== '' ? busy : added !== null && savedMessage(added)}
      </p>
      {added !== null && added.stillToDo.length > 0 && (
        <div className="recipe-source__todo">
          <p className="panel__hint">{added.created ? 'Before this new recipe runs, in the recipe file:' : 'Still to do in the recipe file:'}</p>
          <ul aria-label="Still to do in the recipe">
            {added.stillToDo.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </div>
      )}
      <ProblemNotice title={problem?.title ?? ''} error={problem?.error ?? null} />
    </div>
  );
}

function savedMessage(added: Added): string {
  const what = added.created ? `Started a new recipe with the source "${added.sourceId}"` : `${added.replaced ? 'Replaced' : 'Added'} the source "${added.sourceId}"`;
  return `${what}, reading ${added.file}. Saved to ${added.path}.`;
}
