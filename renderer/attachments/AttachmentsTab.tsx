// A firm's files, grouped in folders. Files come in by dropping them on the tab (or anywhere on
// the card) or through "Choose files"; each goes to the folder chosen above. Open hands a file to
// the desktop's default program, or downloads it in the browser.
import { useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { ActionIcon, Alert, Button, Center, Group, Loader, NativeSelect, Select, Text, TextInput, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../shared/types.ts';
import { MAX_ATTACHMENT_BYTES } from '../../shared/types.ts';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { fileType, formatBytes } from '../ui/card-format.ts';
import { formatDateTime } from '../ui/format.ts';
import { translateError, useFieldErrors } from '../ui/forms.ts';
import { toast } from '../ui/toast.tsx';
import { useRemote } from '../ui/useRemote.ts';
import { OpenButton } from '../timeline/TimelineStream.tsx';
import { carriesFiles, tooBig, uploadFile } from './upload.ts';
import { FolderIcon, UploadIcon, WarnIcon } from '../ui/icons.tsx';
import { CancelButton, FormDialog } from '../ui/FormDialog.tsx';

interface Upload { key: number; name: string; state: 'busy' | 'failed'; error?: string }

let uploadSeq = 0;

export function AttachmentsTab({ firmId, incoming, onIncomingTaken }: {
  firmId: string;
  /** Files dropped elsewhere on the card, to upload here. */
  incoming: File[] | null;
  onIncomingTaken(): void;
}) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const list = useRemote('attachments.list', { firmId }, ['attachments', 'users']);
  const [folder, setFolder] = useState('');
  const [made, setMade] = useState<string[]>([]);
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);
  const [newFolder, setNewFolder] = useState<string | null>(null);
  const [editing, setEditing] = useState<Attachment | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const collator = useMemo(() => new Intl.Collator(locale, { numeric: true }), [locale]);

  const folders = useMemo(() => {
    const names = new Set<string>([...made, ...(list.data ?? []).map((a) => a.folder)]);
    names.delete('');
    return [...names].sort(collator.compare);
  }, [list.data, made, collator]);

  const upload = async (files: File[]) => {
    const target = folder;
    for (const file of files) {
      const key = ++uploadSeq;
      if (tooBig(file)) {
        setUploads((u) => [...u, { key, name: file.name, state: 'failed', error: t('errors.file_too_big', { max: formatBytes(MAX_ATTACHMENT_BYTES, locale) }) }]);
        continue;
      }
      setUploads((u) => [...u, { key, name: file.name, state: 'busy' }]);
      try {
        await uploadFile(file, { firmId, folder: target });
        setUploads((u) => u.filter((x) => x.key !== key));
      } catch (e) {
        const data = errorData(e);
        const error = translateError(t, { ...data, params: { max: formatBytes(MAX_ATTACHMENT_BYTES, locale), ...data.params } });
        setUploads((u) => u.map((x) => (x.key === key ? { ...x, state: 'failed', error } : x)));
      }
    }
  };

  useEffect(() => {
    if (incoming && incoming.length > 0) { onIncomingTaken(); void upload(incoming); }
  }, [incoming]);

  const onDragOver = (e: DragEvent) => {
    if (!carriesFiles(e.dataTransfer)) return;
    e.preventDefault();
    e.stopPropagation();
    e.dataTransfer.dropEffect = 'copy';
    setOver(true);
  };
  const onDrop = (e: DragEvent) => {
    if (!carriesFiles(e.dataTransfer)) return;
    e.preventDefault();
    e.stopPropagation();
    setOver(false);
    void upload(Array.from(e.dataTransfer.files));
  };

  const groups = useMemo(() => {
    const rows = [...(list.data ?? [])];
    const names = ['', ...folders];
    return names.map((name) => ({
      name,
      rows: rows.filter((a) => a.folder === name).sort((a, b) => collator.compare(a.name, b.name)),
    })).filter((g) => g.rows.length > 0 || g.name === folder || made.includes(g.name));
  }, [list.data, folders, folder, made, collator]);

  const remove = async (a: Attachment) => {
    try { await send('attachments.delete', { id: a.id }); toast(t('card.files.deleted', { name: a.name })); } catch (e) { toast(translateError(t, errorData(e)) ?? '', 'red'); }
  };

  return (
    <div data-testid="firm-card-attachments" className={`attach-tab${over ? ' drag-over' : ''}`}
      onDragOver={onDragOver} onDragLeave={(e) => { if (e.currentTarget === e.target) setOver(false); }} onDrop={onDrop}>
      <div className="tab-toolbar">
        <Group gap={6} wrap="nowrap">
          <Select size="xs" w={200} aria-label={t('card.files.folder')} data-testid="attachment-folder" value={folder}
            allowDeselect={false} comboboxProps={{ withinPortal: true }}
            data={[{ value: '', label: t('card.files.no_folder') }, ...folders.map((f) => ({ value: f, label: f }))]}
            onChange={(v) => setFolder(v ?? '')} leftSection={<FolderIcon />} />
          <Button variant="subtle" size="compact-xs" data-testid="attachment-new-folder" onClick={() => setNewFolder('')}>+ {t('card.files.new_folder')}</Button>
        </Group>
        <Button variant="light" size="compact-xs" data-testid="attachment-choose" onClick={() => input.current?.click()}>{t('card.files.choose')}</Button>
        <input ref={input} type="file" multiple hidden data-testid="attachment-input"
          onChange={(e) => { const files = Array.from(e.currentTarget.files ?? []); e.currentTarget.value = ''; void upload(files); }} />
      </div>

      <div className="drop-zone" data-testid="attachment-drop" role="button" tabIndex={0}
        onClick={() => input.current?.click()} onKeyDown={(e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.current?.click(); } }}>
        <span className="drop-icon"><UploadIcon size={20} /></span>
        <span>{t('card.files.drop_here', { folder: folder || t('card.files.no_folder') })}</span>
        <Text span size="xs" c="dimmed">{t('card.files.limit', { max: formatBytes(MAX_ATTACHMENT_BYTES, locale) })}</Text>
      </div>

      {uploads.length > 0 && (
        <div className="uploads" data-testid="attachment-uploads">
          {uploads.map((u) => (
            <Group key={u.key} gap={8} wrap="nowrap" className={`upload upload-${u.state}`} data-testid="attachment-upload" data-state={u.state}>
              {u.state === 'busy' ? <Loader size={12} /> : <WarnIcon size={13} color="var(--mantine-color-red-6)" />}
              <Text size="xs" fw={600} truncate>{u.name}</Text>
              {u.error && <Text size="xs" c="red" data-testid="attachment-error">{u.error}</Text>}
              {u.state === 'failed' && (
                <ActionIcon size="xs" ml="auto" aria-label={t('card.close')} onClick={() => setUploads((x) => x.filter((y) => y.key !== u.key))}>✕</ActionIcon>
              )}
            </Group>
          ))}
        </div>
      )}

      {list.error && <Text c="red" size="sm">{translateError(t, list.error)}</Text>}
      {!list.data ? (list.error ? null : <Center p="md"><Loader size="xs" /></Center>) : list.data.length === 0 && groups.length === 0 ? (
        <Text size="sm" c="dimmed" mt="sm" data-testid="attachments-empty">{t('card.files.none')}</Text>
      ) : groups.map((g) => (
        <div key={g.name || '/'} className="folder" data-testid="attachment-folder-group" data-folder={g.name}>
          <div className="folder-head">
            <FolderIcon size={14} />
            <Text span size="xs" fw={700}>{g.name || t('card.files.no_folder')}</Text>
            <Text span size="xs" c="dimmed">({g.rows.length})</Text>
            {g.name && g.rows.length > 0 && (
              <ActionIcon size="xs" aria-label={t('card.files.rename_folder')} title={t('card.files.rename_folder')}
                data-testid="attachment-rename-folder" onClick={() => setRenaming(g.name)}>✎</ActionIcon>
            )}
          </div>
          {g.rows.length === 0 ? <Text size="xs" c="dimmed" pl={24} py={4}>{t('card.files.folder_empty')}</Text> : g.rows.map((a) => (
            <div key={a.id} className={`attach-row${a.missing ? ' missing' : ''}`} data-testid="attachment-row" data-attachment-id={a.id}>
              <span className="file-type" title={a.mime || undefined}>{fileType(a.name, a.mime)}</span>
              <div className="attach-main">
                <Text size="sm" fw={500} className="attach-name" data-testid="attachment-name">{a.name}</Text>
                <div className="tl-meta">
                  <span className="tabular">{formatBytes(a.size, locale)}</span>
                  <span>· {a.authorName}</span>
                  <span className="dim">· {formatDateTime(a.createdAt, locale)}</span>
                </div>
              </div>
              {a.missing ? (
                <Tooltip label={t('errors.file_missing')} multiline w={240}>
                  <Text size="xs" c="orange.8" fw={600} data-testid="attachment-missing" className="missing-note"><WarnIcon size={12} /> {t('card.files.missing_long')}</Text>
                </Tooltip>
              ) : <OpenButton attachment={a} full />}
              <ActionIcon aria-label={t('card.files.edit')} title={t('card.files.edit')} data-testid="attachment-edit" onClick={() => setEditing(a)}>✎</ActionIcon>
              <DeleteButton onConfirm={() => void remove(a)} />
            </div>
          ))}
        </div>
      ))}

      <FolderNameDialog opened={newFolder !== null} title={t('card.files.new_folder')} initial="" existing={folders}
        onClose={() => setNewFolder(null)}
        onSave={(name) => { setMade((m) => (m.includes(name) ? m : [...m, name])); setFolder(name); setNewFolder(null); return Promise.resolve(); }} />
      <FolderNameDialog opened={renaming !== null} title={t('card.files.rename_folder')} initial={renaming ?? ''} existing={[]}
        onClose={() => setRenaming(null)}
        onSave={async (name) => {
          const from = renaming ?? '';
          for (const a of (list.data ?? []).filter((x) => x.folder === from)) await send('attachments.update', { id: a.id, folder: name, name: a.name });
          setMade((m) => m.map((x) => (x === from ? name : x)));
          if (folder === from) setFolder(name);
          setRenaming(null);
        }} />
      <EditAttachmentDialog attachment={editing} folders={folders} onClose={() => setEditing(null)} />
    </div>
  );
}

function DeleteButton({ onConfirm }: { onConfirm(): void }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  return asking ? (
    <Group gap={4} wrap="nowrap">
      <Button color="red" size="compact-xs" data-testid="attachment-delete-confirm" onClick={() => { setAsking(false); onConfirm(); }}>{t('common.delete')}</Button>
      <Button variant="default" size="compact-xs" onClick={() => setAsking(false)}>{t('common.cancel')}</Button>
    </Group>
  ) : (
    <ActionIcon color="red" aria-label={t('common.delete')} title={t('common.delete')} data-testid="attachment-delete" onClick={() => setAsking(true)}>✕</ActionIcon>
  );
}

function FolderNameDialog({ opened, title, initial, existing, onClose, onSave }: {
  opened: boolean; title: string; initial: string; existing: string[]; onClose(): void; onSave(name: string): Promise<void>;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => { if (opened) { setName(initial); setError(null); } }, [opened, initial]);
  const submit = async () => {
    const v = name.trim();
    if (!v) { setError(t('errors.required')); return; }
    if (/[\\/\u0000]/.test(v)) { setError(t('errors.file_name')); return; }
    if (v.length > 120) { setError(t('errors.too_long', { max: 120 })); return; }
    if (existing.includes(v)) { setError(t('card.files.folder_exists')); return; }
    setSaving(true);
    try { await onSave(v); } catch (e) { setError(translateError(t, errorData(e)) ?? null); } finally { setSaving(false); }
  };
  return (
    <FormDialog opened={opened} onClose={onClose} title={title} size="sm">
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }} noValidate>
        <TextInput label={t('card.files.folder')} data-testid="attachment-folder-name" data-autofocus value={name} error={error ?? undefined}
          onChange={(e) => { setName(e.currentTarget.value); setError(null); }} />
        <Group justify="flex-end" gap="xs" mt="md">
          <CancelButton onClose={onClose} />
          <Button type="submit" loading={saving} data-testid="attachment-folder-save">{t('common.save')}</Button>
        </Group>
      </form>
    </FormDialog>
  );
}

/** Rename a file or move it to another folder (typed: a new folder is just a new name). */
function EditAttachmentDialog({ attachment, folders, onClose }: { attachment: Attachment | null; folders: string[]; onClose(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [folder, setFolder] = useState('');
  const [saving, setSaving] = useState(false);
  const errs = useFieldErrors(t);
  useEffect(() => {
    if (attachment) { setName(attachment.name); setFolder(attachment.folder); errs.reset(); }
  }, [attachment]);
  const known = (p: string) => p === 'name' || p === 'folder';
  const submit = async () => {
    if (!attachment) return;
    const payload = { id: attachment.id, name, folder };
    if (!errs.check('attachments.update', payload, known)) return;
    setSaving(true);
    try { await send('attachments.update', payload); onClose(); } catch (e) { errs.fail(e, known); } finally { setSaving(false); }
  };
  return (
    <FormDialog opened={attachment !== null} onClose={onClose} title={t('card.files.edit')} size="md">
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }} noValidate>
        {errs.general && <Alert color="red" mb="sm">{translateError(t, errs.general)}</Alert>}
        <TextInput label={t('card.files.name')} data-testid="attachment-edit-name" data-autofocus value={name} error={errs.field('name')}
          onChange={(e) => { errs.clear('name'); setName(e.currentTarget.value); }} />
        <NativeSelect mt={6} label={t('card.files.folder')} data-testid="attachment-edit-folder" value={folder} error={errs.field('folder')}
          onChange={(e) => { errs.clear('folder'); setFolder(e.currentTarget.value); }}
          data={[{ value: '', label: t('card.files.no_folder') }, ...folders.map((f) => ({ value: f, label: f }))]} />
        <Group justify="flex-end" gap="xs" mt="md">
          <CancelButton onClose={onClose} />
          <Button type="submit" loading={saving} data-testid="attachment-edit-save">{t('common.save')}</Button>
        </Group>
      </form>
    </FormDialog>
  );
}
