// An RFI / RFP / offer / contract document of an opportunity: an attachment of its firm, linked
// to the opportunity and tagged with its kind. Same size check and encoding as the firm's files.
import type { Attachment, DocKind } from '../../shared/types.ts';
import { ApiError, send } from '../api.ts';
import { fileToBase64, tooBig } from '../attachments/upload.ts';

export async function uploadDocument(file: File, target: { firmId: string; opportunityId: string; docKind: DocKind }): Promise<Attachment> {
  if (tooBig(file)) throw new ApiError({ code: 'validation', messageKey: 'errors.file_too_big', field: 'content' });
  const content = await fileToBase64(file);
  return send('attachments.add', {
    firmId: target.firmId, opportunityId: target.opportunityId, docKind: target.docKind, folder: '',
    name: file.name.replace(/[\\/\u0000]/g, '_').slice(0, 255) || 'file', mime: file.type.slice(0, 120), content,
  });
}
