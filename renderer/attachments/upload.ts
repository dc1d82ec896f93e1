// Files dropped or chosen by the user, to the core: size checked first (a 200 MB video should
// be refused at once, not after reading it), then the file's bytes uploaded as bytes (sendFile:
// a raw HTTP body, or an ArrayBuffer over IPC), never base64 inside JSON.
import { MAX_ATTACHMENT_BYTES } from '../../shared/types.ts';
import type { Attachment } from '../../shared/types.ts';
import { ApiError, sendFile } from '../api.ts';

export function tooBig(file: { size: number }): boolean {
  return file.size > MAX_ATTACHMENT_BYTES;
}

export async function uploadFile(file: File, target: { firmId: string; personId?: string | null; folder: string }): Promise<Attachment> {
  if (tooBig(file)) throw new ApiError({ code: 'validation', messageKey: 'errors.file_too_big', field: 'content' });
  return sendFile('attachments.add', {
    firmId: target.firmId, personId: target.personId ?? null, folder: target.folder, name: safeName(file), mime: file.type.slice(0, 120),
  }, file);
}

/** The file's name as an attachment name: no path separators or NULs, at most 255 characters. */
export function safeName(file: { name: string }): string {
  return file.name.replace(/[\\/\u0000]/g, '_').slice(0, 255) || 'file';
}

/** Whether a drag carries files (not text or a link dragged around the page). */
export function carriesFiles(dt: DataTransfer | null): boolean {
  return !!dt && Array.from(dt.types).includes('Files');
}
