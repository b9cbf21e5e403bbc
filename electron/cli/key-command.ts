/**
 * `village key export --out FILE` and `village key import FILE`: the deliberate move of a workspace's
 * pseudonymisation key to a partner who agreed to link on the same key. The key file holds the key itself,
 * so it is written owner-only and never over an existing file, and the warning is printed as well as kept
 * inside the file. Only the fingerprint is ever printed.
 */
import fs from 'node:fs';
import { KEY_EXPORT_WARNING } from '../engine/privacy/key-file';
import { exportWorkspaceKey, importWorkspaceKey } from '../engine/import/workspace-key';
import type { Workspace } from '../engine/workspace/workspace';

export interface KeyCommandOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export class KeyCommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'KeyCommandError';
  }
}

export const KEY_USAGE = 'key export --out FILE [--label TEXT] | key import FILE';

export async function runKeyCommand(
  workspace: Workspace,
  args: { readonly action: string | undefined; readonly file: string | undefined; readonly out: string | undefined; readonly label: string | undefined },
  output: KeyCommandOutput,
): Promise<void> {
  if (args.action === 'export') {
    if (args.out === undefined) throw new KeyCommandError(`key export needs --out FILE: npm run village -- ${KEY_USAGE}`, 2);
    if (fs.existsSync(args.out)) throw new KeyCommandError(`${args.out} already exists; the key is never written over a file`, 2);
    const exported = await exportWorkspaceKey(workspace, workspace.connection, args.label === undefined ? {} : { workspaceLabel: args.label });
    fs.writeFileSync(args.out, exported.text, { flag: 'wx', mode: 0o600 });
    output.stderr(`Warning: ${KEY_EXPORT_WARNING}\n`);
    output.stdout(`Wrote the workspace key (fingerprint ${exported.fingerprint}) to ${args.out}\n`);
    return;
  }
  if (args.action === 'import') {
    if (args.file === undefined) throw new KeyCommandError(`key import needs the key file: npm run village -- ${KEY_USAGE}`, 2);
    let text: string;
    try {
      text = fs.readFileSync(args.file, 'utf8');
    } catch (error) {
      throw new KeyCommandError(`${args.file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, 2);
    }
    const imported = await importWorkspaceKey(workspace, workspace.connection, text);
    output.stdout(
      imported.unchanged
        ? `The workspace already uses this key (fingerprint ${imported.fingerprint}); nothing changed\n`
        : `The workspace now keys identifiers with the partner's key (fingerprint ${imported.fingerprint})\n`,
    );
    return;
  }
  throw new KeyCommandError(`key needs export or import: npm run village -- ${KEY_USAGE}`, 2);
}
