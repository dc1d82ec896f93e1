// Settings: the office's code lists — contact kinds and results, roles in decisions, sources,
// reasons for losing and industries. Entries are added, renamed (a built-in one keeps the name
// given to it instead of its translation, until given the standard name back), put in order
// (up / down) and retired: a retired entry is no longer offered for new records but still names
// what old ones hold, and can be brought back.
import { useEffect, useState, type FormEvent } from 'react';
import { ActionIcon, Alert, Badge, Button, Group, Modal, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Code, CodeListName } from '../../shared/types.ts';
import { CODE_LISTS } from '../../shared/types.ts';
import { errorData, send } from '../api.ts';
import { useApp, useCodes } from '../store.ts';
import { codeName } from '../ui/format.ts';
import { translateError, useFieldErrors } from '../ui/forms.ts';

/** The list's entries with one moved up or down; null when it cannot move that way. */
export function movedIds(entries: readonly Code[], id: string, delta: -1 | 1): string[] | null {
  const ids = entries.map((c) => c.id);
  const i = ids.indexOf(id);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= ids.length) return null;
  [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  return ids;
}

export function CodeListsSettings() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const [list, setList] = useState<CodeListName>('contact_kind');
  const entries = useCodes(list);
  const [label, setLabel] = useState('');
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<Code | null>(null);
  const errs = useFieldErrors(t);
  const known = (p: string) => p === 'label';
  // The app's code lists are re-read on the core's change event; after our own write too, so
  // the list never waits for the event.
  const reload = () => useApp.getState().loadRefs();

  useEffect(() => { setLabel(''); errs.reset(); setFailed(null); }, [list]);

  const add = async (e?: FormEvent) => {
    e?.preventDefault();
    const input = { list, label, locale };
    if (busy || !errs.check('codes.add', input, known)) return;
    setBusy(true);
    try {
      await send('codes.add', input);
      setLabel('');
      await reload();
    } catch (err) {
      errs.fail(err, known);
    } finally {
      setBusy(false);
    }
  };

  /** One write from the row's buttons; its error shows above the list. */
  const act = async (write: () => Promise<unknown>) => {
    if (busy) return;
    setBusy(true);
    setFailed(null);
    try {
      await write();
      await reload();
    } catch (err) {
      setFailed(translateError(t, errorData(err)) ?? null);
    } finally {
      setBusy(false);
    }
  };

  const move = (c: Code, delta: -1 | 1) => {
    const ids = movedIds(entries, c.id, delta);
    if (ids) void act(() => send('codes.reorder', { list, ids }));
  };

  return (
    <section className="panel" data-testid="settings-codes">
      <div className="panel-title"><h3>{t('code_lists.title')}</h3></div>
      <Text size="xs" c="dimmed" mb="xs">{t('code_lists.intro')}</Text>
      <NativeSelect aria-label={t('code_lists.which')} data-testid="codes-list" value={list} mb="xs"
        onChange={(e) => setList(e.currentTarget.value as CodeListName)}
        data={CODE_LISTS.map((l) => ({ value: l, label: t(`code_lists.lists.${l}`) }))} />
      {failed && <Alert color="red" mb="xs" data-testid="codes-error" withCloseButton onClose={() => setFailed(null)}>{failed}</Alert>}
      {entries.length === 0 ? <Text size="sm" c="dimmed" pb="xs" data-testid="codes-empty">{t('code_lists.empty')}</Text> : (
        <Table verticalSpacing={3} fz="sm" layout="fixed">
          <Table.Tbody>
            {entries.map((c, i) => (
              <Table.Tr key={c.id} data-testid="code-row" data-code-id={c.id} data-retired={c.retired ? 'true' : 'false'}
                className={c.retired ? 'code-retired' : undefined}>
                <Table.Td>
                  <Text span size="sm" fw={c.retired ? 400 : 600} c={c.retired ? 'dimmed' : undefined} data-testid="code-name">{codeName(t, c)}</Text>
                  {c.retired && <Badge ml={6} size="xs" variant="light" color="gray" data-testid="code-retired">{t('code_lists.retired')}</Badge>}
                  {c.builtIn && c.label !== null && (
                    <Text span size="xs" c="dimmed" ml={6} title={t('code_lists.renamed_hint')}>
                      ({t(`codes.${c.list}.${c.code}`, { defaultValue: c.code })})
                    </Text>
                  )}
                </Table.Td>
                <Table.Td w={210}>
                  <Group gap={0} wrap="nowrap" justify="flex-end">
                    <ActionIcon variant="subtle" aria-label={t('code_lists.up')} title={t('code_lists.up')} data-testid="code-up"
                      disabled={i === 0 || busy} onClick={() => move(c, -1)}>↑</ActionIcon>
                    <ActionIcon variant="subtle" aria-label={t('code_lists.down')} title={t('code_lists.down')} data-testid="code-down"
                      disabled={i === entries.length - 1 || busy} onClick={() => move(c, 1)}>↓</ActionIcon>
                    <ActionIcon variant="subtle" aria-label={t('code_lists.rename')} title={t('code_lists.rename')} data-testid="code-rename"
                      onClick={() => setRenaming(c)}>✎</ActionIcon>
                    {c.retired
                      ? <Button size="compact-xs" variant="subtle" data-testid="code-unretire" disabled={busy}
                        onClick={() => void act(() => send('codes.retire', { id: c.id, retired: false }))}>{t('code_lists.unretire')}</Button>
                      : <Button size="compact-xs" variant="subtle" color="gray" data-testid="code-retire" disabled={busy}
                        title={t('code_lists.retire_hint')}
                        onClick={() => void act(() => send('codes.retire', { id: c.id, retired: true }))}>{t('code_lists.retire')}</Button>}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <form onSubmit={add} noValidate>
        {errs.general && <Alert color="red" mt="xs" data-testid="form-error">{translateError(t, errs.general)}</Alert>}
        <Group gap="xs" mt="xs" align="flex-start" wrap="nowrap">
          <TextInput style={{ flex: 1 }} size="xs" aria-label={t('code_lists.new')} placeholder={t('code_lists.new')} data-testid="code-new"
            value={label} error={errs.field('label')} onChange={(e) => { errs.clear('label'); setLabel(e.currentTarget.value); }} />
          <Button type="submit" size="xs" loading={busy} data-testid="code-add">{t('code_lists.add')}</Button>
        </Group>
      </form>
      <RenameForm code={renaming} onClose={() => setRenaming(null)} onSaved={() => { setRenaming(null); void reload(); }} />
    </section>
  );
}

function RenameForm({ code, onClose, onSaved }: { code: Code | null; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const [label, setLabel] = useState('');
  const [saving, setSaving] = useState(false);
  const errs = useFieldErrors(t);
  const known = (p: string) => p === 'label';

  useEffect(() => {
    if (!code) return;
    setLabel(codeName(t, code));
    errs.reset();
  }, [code]);

  const save = async (value: string | null, e?: FormEvent) => {
    e?.preventDefault();
    if (!code || saving) return;
    const input = { id: code.id, label: value, locale };
    if (!errs.check('codes.rename', input, known)) return;
    setSaving(true);
    try {
      await send('codes.rename', input);
      onSaved();
    } catch (err) {
      errs.fail(err, known);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened={code !== null} onClose={onClose} size={420} data-testid="code-rename-form" title={t('code_lists.rename_title')}>
      <form onSubmit={(e) => void save(label, e)} noValidate>
        {errs.general && <Alert color="red" mb="sm" data-testid="form-error">{translateError(t, errs.general)}</Alert>}
        <Stack gap={8}>
          <TextInput label={t('code_lists.name')} required data-testid="code-label" data-autofocus value={label} error={errs.field('label')}
            onChange={(e) => { errs.clear('label'); setLabel(e.currentTarget.value); }} />
          {code?.builtIn && code.label !== null && (
            <Text size="xs" c="dimmed">
              {t('code_lists.standard_name', { name: t(`codes.${code.list}.${code.code}`, { defaultValue: code.code }) })}{' '}
              <Button size="compact-xs" variant="subtle" data-testid="code-reset" onClick={() => void save(null)}>{t('code_lists.use_standard')}</Button>
            </Text>
          )}
        </Stack>
        <Group justify="flex-end" mt="md" gap="xs">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="submit" data-testid="code-save" loading={saving}>{t('common.save')}</Button>
        </Group>
      </form>
    </Modal>
  );
}
