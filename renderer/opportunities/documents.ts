// An RFI / RFP / offer / contract document of an opportunity: an attachment of its firm, linked
// to the opportunity and tagged with its kind. Same size check and upload as the firm's files.
import type { Attachment, DocKind } from '../../shared/types.ts';
import { ApiError, sendFile } from '../api.ts';
import { safeName, tooBig } from '../attachments/upload.ts';

export async function uploadDocument(file: File, target: { firmId: string; opportunityId: string; docKind: DocKind }): Promise<Attachment> {
  if (tooBig(file)) throw new ApiError({ code: 'validation', messageKey: 'errors.file_too_big', field: 'content' });
  return sendFile('attachments.add', {
    firmId: target.firmId, opportunityId: target.opportunityId, docKind: target.docKind, folder: '', name: safeName(file), mime: file.type.slice(0, 120),
  }, file);
}
