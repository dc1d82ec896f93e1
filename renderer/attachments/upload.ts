// Files dropped or chosen by the user, to the core: size checked first (a 200 MB video should
// be refused at once, not after reading it), then the bytes as base64 in one message.
import { MAX_ATTACHMENT_BYTES } from '../../shared/types.ts';
import type { Attachment } from '../../shared/types.ts';
import { ApiError, send } from '../api.ts';

/** Base64 of the file's bytes, converted in chunks (String.fromCharCode on a whole 25 MB
 * array would overflow the call stack). */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const CHUNK = 0x8000;
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return btoa(binary);
}

export function tooBig(file: { size: number }): boolean {
  return file.size > MAX_ATTACHMENT_BYTES;
}

export async function uploadFile(file: File, target: { firmId: string; personId?: string | null; folder: string }): Promise<Attachment> {
  if (tooBig(file)) throw new ApiError({ code: 'validation', messageKey: 'errors.file_too_big', field: 'content' });
  const content = await fileToBase64(file);
  return send('attachments.add', {
    firmId: target.firmId, personId: target.personId ?? null, folder: target.folder,
    name: file.name.replace(/[\\/\u0000]/g, '_').slice(0, 255) || 'file', mime: file.type.slice(0, 120), content,
  });
}

/** Whether a drag carries files (not text or a link dragged around the page). */
export function carriesFiles(dt: DataTransfer | null): boolean {
  return !!dt && Array.from(dt.types).includes('Files');
}
