// Attachments: the row names a file (folder, name, type, size, author); the bytes live in the
// data folder under their SHA-256 (store.ts). A deleted attachment is a tombstone and its file
// stays: another row — or an undo — may still point at the same content.
import type { HandlerMap } from '../handler-types.ts';
import type { Ctx } from '../context.ts';
import { notFound, stamps } from '../context.ts';
import type { Attachment } from '../../../shared/types.ts';
import { MAX_ATTACHMENT_BYTES } from '../../../shared/types.ts';
import { megabytes } from '../../../shared/limits.ts';
import { AppError } from '../../../shared/errors.ts';
import { uuidv7 } from '../util/ids.ts';
import { checkFirmLinks } from '../notes/links.ts';
import { blobExists, blobPath, putBlob } from './store.ts';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function selectAttachments(ctx: Ctx) {
  return ctx.db.selectFrom('attachments as a')
    .innerJoin('users as u', 'u.id', 'a.author_id')
    .where('a.deleted_at', 'is', null)
    .select([
      'a.id', 'a.firm_id', 'a.person_id', 'a.contact_id', 'a.folder', 'a.name', 'a.mime', 'a.size', 'a.sha256',
      'a.author_id', 'u.name as author_name', 'a.opportunity_id', 'a.doc_kind', 'a.created_at',
    ]);
}

type AttachmentRow = Awaited<ReturnType<ReturnType<typeof selectAttachments>['execute']>>[number];

export function toAttachment(ctx: Ctx, r: AttachmentRow): Attachment {
  return {
    id: r.id, firmId: r.firm_id, personId: r.person_id, contactId: r.contact_id, folder: r.folder, name: r.name,
    mime: r.mime, size: r.size, sha256: r.sha256, authorId: r.author_id, authorName: r.author_name,
    missing: !blobExists(ctx.filesDir, r.sha256), opportunityId: r.opportunity_id, docKind: r.doc_kind, createdAt: r.created_at,
  };
}

/** Strict base64 (what FileReader / btoa produce): Buffer.from would silently skip junk. */
export function decodeBase64(content: string): Buffer | null {
  if (content.length % 4 !== 0 || !BASE64.test(content)) return null;
  return Buffer.from(content, 'base64');
}

export const attachmentHandlers = {
  'attachments.list': async ({ firmId, personId, contactId }, ctx) => {
    let q = selectAttachments(ctx);
    if (firmId) q = q.where('a.firm_id', '=', firmId);
    if (personId) q = q.where('a.person_id', '=', personId);
    if (contactId) q = q.where('a.contact_id', '=', contactId);
    const rows = await q.orderBy('a.created_at', 'desc').orderBy('a.id', 'desc').limit(5000).execute();
    // Folders in the people's alphabetical order (the root folder '' first), newest first inside.
    const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
    return rows.map((r) => toAttachment(ctx, r)).sort((a, b) => collator.compare(a.folder, b.folder));
  },

  'attachments.add': async (input, ctx) => {
    await checkFirmLinks(ctx, input);
    // An RFI / RFP / offer document of one of the firm's opportunities.
    if (input.opportunityId) {
      const opp = await ctx.db.selectFrom('opportunities').select('firm_id').where('id', '=', input.opportunityId)
        .where('deleted_at', 'is', null).executeTakeFirst();
      if (opp?.firm_id !== input.firmId) throw new AppError({ code: 'validation', messageKey: 'errors.unknown_ref', field: 'opportunityId' });
    }
    const bytes = decodeBase64(input.content);
    if (!bytes) throw new AppError({ code: 'validation', messageKey: 'errors.file_content', field: 'content' });
    if (bytes.length > MAX_ATTACHMENT_BYTES) {
      throw new AppError({ code: 'validation', messageKey: 'errors.file_too_big', field: 'content', params: { max: megabytes(MAX_ATTACHMENT_BYTES) } });
    }
    // The file first, then the row: a row never names a file that is not there. (Should the
    // insert fail, the file is left unreferenced — harmless, and a later add of it reuses it.)
    const { sha256 } = await putBlob(ctx.filesDir, bytes);
    const now = ctx.now();
    const id = uuidv7(now);
    await ctx.db.insertInto('attachments').values({
      id, firm_id: input.firmId, person_id: input.personId, contact_id: input.contactId, folder: input.folder,
      name: input.name, mime: input.mime, size: bytes.length, sha256, author_id: ctx.localUserId,
      opportunity_id: input.opportunityId, doc_kind: input.docKind, ...stamps(now),
    }).execute();
    const row = await selectAttachments(ctx).where('a.id', '=', id).executeTakeFirstOrThrow();
    return toAttachment(ctx, row);
  },

  'attachments.update': async ({ id, folder, name }, ctx) => {
    await liveAttachment(ctx, id);
    await ctx.db.updateTable('attachments').set({ folder, name, updated_at: ctx.now() }).where('id', '=', id).execute();
    return { id };
  },

  'attachments.delete': async ({ id }, ctx) => {
    await liveAttachment(ctx, id);
    const now = ctx.now();
    await ctx.db.updateTable('attachments').set({ deleted_at: now, updated_at: now }).where('id', '=', id).execute();
    return { id };
  },

  'attachments.locate': async ({ id }, ctx) => {
    const a = await liveAttachment(ctx, id);
    return { path: blobPath(ctx.filesDir, a.sha256), exists: blobExists(ctx.filesDir, a.sha256), name: a.name, mime: a.mime, size: a.size };
  },
} satisfies Partial<HandlerMap>;

async function liveAttachment(ctx: Ctx, id: string) {
  const row = await ctx.db.selectFrom('attachments').select(['id', 'sha256', 'name', 'mime', 'size'])
    .where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}
