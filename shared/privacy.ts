// Answering a data-protection request (issue 15): what "everything we hold" about a person or a
// firm looks like on the wire — the JSON the user downloads is exactly this object — and what an
// erasure reports back. Records are given as stored (ids, epoch ms, YYYY-MM-DD), with the names
// of the codes and users they point at beside the ids, so the file reads without the app.
import type { PrintDoc } from './types.ts';

export type SubjectKind = 'person' | 'firm';

export interface SubjectChannel { kind: string; value: string; label: string; deletedAt: number | null }

export interface SubjectPerson {
  id: string; firmId: string;
  titleBefore: string; firstName: string; patronymic: string; lastName: string; titleAfter: string;
  gender: string; jobTitle: string; role: string; note: string; isMain: boolean;
  reportsTo: string; salutation: string; addressee: string;
  createdAt: number; updatedAt: number; deletedAt: number | null;
  /** Deleted ones too (deletedAt set): replaced e-mails and phones are still held until erased. */
  emails: SubjectChannel[];
  phones: SubjectChannel[];
  otherChannels: SubjectChannel[];
  fields: { label: string; value: string }[];
}

export interface SubjectFirm {
  id: string; name: string; country: string; ico: string; dic: string; vatId: string; website: string;
  kinds: string[]; isLead: boolean; owner: string; source: string; industry: string;
  createdAt: number; updatedAt: number; deletedAt: number | null;
  addresses: { kind: string; street: string; number: string; city: string; postalCode: string; country: string }[];
  channels: SubjectChannel[];
  fields: { label: string; value: string }[];
  segments: string[];
}

export interface SubjectContact {
  id: string; personId: string | null; at: number; status: string; kind: string; result: string;
  referent: string; summary: string; note: string;
}
export interface SubjectTask {
  id: string; personId: string | null; title: string; note: string; dueDate: string | null; done: boolean; assignee: string;
}
export interface SubjectNote {
  id: string; personId: string | null; at: number; author: string; visibility: string; title: string; body: string;
  /** linked: the note is filed under the person (or the firm); names: its text names them. */
  why: 'linked' | 'names';
}
/** A colleague's private note about the subject: the report says it exists and whose it is, never
 * what it says (notes are private to their author — docs/architecture.md, "Who may see what"). */
export interface SubjectHiddenNote { id: string; at: number; author: string }
export interface SubjectSubscription {
  topic: string; personId: string | null; subscribedAt: number; source: string; unsubscribedAt: number | null; deletedAt: number | null;
}
export interface SubjectMerge { id: string; at: number; user: string; entity: string; survivorId: string; mergedId: string; undone: boolean }
export interface SubjectExport { id: string; at: number; user: string; selection: string; fileName: string; format: string; rows: number }
export interface SubjectChange { at: number; user: string; field: string; oldValue: string; newValue: string }
export interface SubjectOpportunity { id: string; title: string; stage: string; amount: number; currency: string; closeDate: string | null; note: string }
export interface SubjectAttachment { id: string; personId: string | null; name: string; size: number; createdAt: number }
export interface SubjectErasure { id: string; kind: SubjectKind; at: number; user: string }
/** A text (a note, a contact's summary or note, a task, an opportunity or its comment, a file's
 * name, a saved selection's name or conditions) that names the subject: listed for the user to edit — an erasure never rewrites what
 * colleagues wrote. */
export interface SubjectMention {
  kind: 'note' | 'contact' | 'task' | 'opportunity' | 'file' | 'selection'; id: string; firmId: string | null; at: number; title: string;
  /** A colleague's private note: its author has to edit it (only the title is withheld too). */
  private: boolean; author: string;
}

export interface SubjectReport {
  kind: SubjectKind;
  /** When and by whom the report was made. */
  madeAt: number; madeBy: string;
  firm: SubjectFirm | null;
  people: SubjectPerson[];
  contacts: SubjectContact[];
  tasks: SubjectTask[];
  notes: SubjectNote[];
  hiddenNotes: SubjectHiddenNote[];
  subscriptions: SubjectSubscription[];
  merges: SubjectMerge[];
  exports: SubjectExport[];
  changes: SubjectChange[];
  opportunities: SubjectOpportunity[];
  attachments: SubjectAttachment[];
  erasures: SubjectErasure[];
  mentions: SubjectMention[];
}

export interface SubjectReportResult { report: SubjectReport; doc: PrintDoc; fileName: string }

export interface ErasureResult {
  erasureId: string;
  people: number;
  /** Texts that still name them, for the user to edit. */
  mentions: SubjectMention[];
}
