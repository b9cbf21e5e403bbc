/**
 * Deliberate export and import of a workspace key, for partners who agree to link on the same key. The file
 * carries the key itself, so it is as sensitive as every identifier ever keyed with it: the warning travels
 * inside the file, and only the fingerprint (a one-way digest) is ever shown or logged.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { WORKSPACE_KEY_BYTES } from './pseudonymise';

export const KEY_FILE_FORMAT = 'village-workbench-linkage-key';

export const KEY_EXPORT_WARNING =
  'This file contains the secret key that turns identifiers (NHS numbers, UPNs, names with dates of birth) into ' +
  'pseudonyms in a Village Workbench workspace. Anyone holding it together with pseudonymised data can test ' +
  'guessed identifiers against that data. Share it only with a partner named in the data-sharing agreement, ' +
  'through an approved secure channel; never email it or store it beside the data; delete copies when the ' +
  'agreement ends.';

const KeyFileSchema = z.object({
  format: z.literal(KEY_FILE_FORMAT),
  version: z.literal(1),
  warning: z.string(),
  fingerprint: z.string(),
  createdAt: z.string(),
  workspaceLabel: z.string().optional(),
  key: z.string().regex(/^[A-Za-z0-9_-]+$/),
});

export type KeyFile = z.infer<typeof KeyFileSchema>;

/**
 * A short, stable, one-way identifier of a key ("3F2A-91C0-7B44-D1E8") so two partners can confirm they hold
 * the same key by reading it aloud, and logs can say which key was used without containing it.
 */
export function keyFingerprint(key: Uint8Array): string {
  const digest = createHash('sha256').update('village-workbench/key-fingerprint/v1').update(key).digest('hex');
  return (digest.slice(0, 16).toUpperCase().match(/.{4}/g) ?? []).join('-');
}

/** The JSON text of a key file, ready to be written where the user chose. */
export function exportKeyFile(key: Uint8Array, options: { workspaceLabel?: string; now?: Date } = {}): string {
  if (key.length !== WORKSPACE_KEY_BYTES) throw new Error(`A workspace key must be ${WORKSPACE_KEY_BYTES} bytes`);
  const file: KeyFile = {
    format: KEY_FILE_FORMAT,
    version: 1,
    warning: KEY_EXPORT_WARNING,
    fingerprint: keyFingerprint(key),
    createdAt: (options.now ?? new Date()).toISOString(),
    ...(options.workspaceLabel !== undefined && { workspaceLabel: options.workspaceLabel }),
    key: Buffer.from(key).toString('base64url'),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

export interface ImportedKey {
  readonly key: Uint8Array;
  readonly fingerprint: string;
  readonly createdAt: string;
  readonly workspaceLabel?: string;
}

/**
 * Reads a key file, checking its shape, the key length and that the stored fingerprint matches the key
 * (which catches a truncated or hand-edited file). Error messages never include the key.
 */
export function importKeyFile(text: string): ImportedKey {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('The key file is not valid JSON');
  }
  const parsed = KeyFileSchema.safeParse(json);
  if (!parsed.success) throw new Error('The file is not a Village Workbench key file (format, version or fields do not match)');
  const key = new Uint8Array(Buffer.from(parsed.data.key, 'base64url'));
  if (key.length !== WORKSPACE_KEY_BYTES) throw new Error(`The key in the file is not ${WORKSPACE_KEY_BYTES} bytes long`);
  const fingerprint = keyFingerprint(key);
  if (fingerprint !== parsed.data.fingerprint) throw new Error('The key does not match the fingerprint recorded in the file');
  return {
    key,
    fingerprint,
    createdAt: parsed.data.createdAt,
    ...(parsed.data.workspaceLabel !== undefined && { workspaceLabel: parsed.data.workspaceLabel }),
  };
}
