// Settings: the office's pipeline stages — add, rename, default probability, order (up / down;
// won and lost always stay last) and delete (refused by the core while opportunities are in it,
// and for won and lost; the reason is shown).
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ActionIcon, Alert, Badge, Button, Center, Group, Loader, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PipelineStage } from '../../shared/types.ts';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { translateError, useFieldErrors } from '../ui/forms.ts';
import { toast } from '../ui/toast.tsx';
import { useRemote } from '../ui/useRemote.ts';
import { stageName } from '../card/OpportunitiesTab.tsx';
import { parseWhole } from './draft.ts';
import { orderStages, reorderIds } from './stages.ts';
import { CancelButton, FormDialog } from '../ui/FormDialog.tsx';

const OUTCOME_COLORS = { open: 'blue', won: 'teal', lost: 'gray' } as const;

export function StagesSettings() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const stages = useRemote('stages.list', {}, ['pipeline_stages']);
  const ordered = useMemo(() => orderStages(stages.data ?? []), [stages.data]);
  const openCount = ordered.filter((s) => s.outcome === 'open').length;
  const [editing, setEditing] = useState<PipelineStage | 'new' | null>(null);
  const [deleting, setDeleting] = useState<PipelineStage | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const percent = new Intl.NumberFormat(locale === 'en' ? 'en-GB' : locale, { style: 'percent' });

  const reorder = async (s: PipelineStage, delta: -1 | 1) => {
    const ids = reorderIds(ordered, s.id, delta);
    if (!ids || busy) return;
    setBusy(true);
    setFailed(null);
    try {
      await send('stages.reorder', { ids });
      stages.reload();
    } catch (e) {
      setFailed(translateError(t, errorData(e)) ?? null);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (s: PipelineStage) => {
    setBusy(true);
    setFailed(null);
    try {
      await send('stages.delete', { id: s.id });
      setDeleting(null);
      stages.reload();
      toast(t('opportunities.stages_settings.deleted', { name: stageName(t, s) }));
    } catch (e) {
      setFailed(translateError(t, errorData(e)) ?? null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" data-testid="settings-stages">
      <div className="panel-title">
        <h3>{t('opportunities.stages_settings.title')}</h3>
        <Button size="compact-xs" data-testid="stage-new" onClick={() => setEditing('new')}>+ {t('opportunities.stages_settings.new')}</Button>
      </div>
      <Text size="xs" c="dimmed" mb="xs">{t('opportunities.stages_settings.intro')}</Text>
      {failed && !deleting && <Alert color="red" mb="xs" data-testid="stage-error" withCloseButton onClose={() => setFailed(null)}>{failed}</Alert>}
      {stages.error && !stages.data ? <Alert color="red">{translateError(t, stages.error)}</Alert>
        : !stages.data ? <Center p="sm"><Loader size="xs" /></Center> : (
          <Table verticalSpacing={3} fz="sm" layout="fixed">
            <Table.Tbody>
              {ordered.map((s, i) => {
                const open = s.outcome === 'open';
                return (
                  <Table.Tr key={s.id} data-testid="stage-row" data-stage-id={s.id} data-stage-code={s.code ?? ''} data-outcome={s.outcome}>
                    <Table.Td fw={600} data-testid="stage-name">
                      {stageName(t, s)}
                      {!open && <Badge ml={6} size="xs" variant="light" color={OUTCOME_COLORS[s.outcome]}>{t(`opportunities.stages_settings.outcome_${s.outcome}`)}</Badge>}
                    </Table.Td>
                    <Table.Td w={70} ta="right" className="tabular" data-testid="stage-probability">{percent.format(s.probability / 100)}</Table.Td>
                    <Table.Td w={130}>
                      <Group gap={0} wrap="nowrap" justify="flex-end">
                        <ActionIcon variant="subtle" aria-label={t('opportunities.stages_settings.up')} title={t('opportunities.stages_settings.up')}
                          data-testid="stage-up" disabled={!open || i === 0 || busy} onClick={() => void reorder(s, -1)}>↑</ActionIcon>
                        <ActionIcon variant="subtle" aria-label={t('opportunities.stages_settings.down')} title={t('opportunities.stages_settings.down')}
                          data-testid="stage-down" disabled={!open || i >= openCount - 1 || busy} onClick={() => void reorder(s, 1)}>↓</ActionIcon>
                        <ActionIcon variant="subtle" aria-label={t('common.edit')} title={t('common.edit')} data-testid="stage-edit"
                          onClick={() => setEditing(s)}>✎</ActionIcon>
                        <ActionIcon variant="subtle" color="red" aria-label={t('common.delete')} title={open ? t('common.delete') : t('opportunities.stages_settings.cannot_delete')}
                          data-testid="stage-delete" disabled={!open} onClick={() => { setFailed(null); setDeleting(s); }}>✕</ActionIcon>
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      <StageForm stage={editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); stages.reload(); }} />
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title={t('opportunities.stages_settings.delete_title')} size="sm">
        <Text size="sm">{t('opportunities.stages_settings.delete_confirm', { name: deleting ? stageName(t, deleting) : '' })}</Text>
        {failed && <Alert color="red" mt="sm" data-testid="stage-error">{failed}</Alert>}
        <Group justify="flex-end" mt="md" gap="xs">
          <Button variant="default" onClick={() => setDeleting(null)} data-autofocus>{t('common.cancel')}</Button>
          <Button color="red" loading={busy} data-testid="stage-confirm-delete" onClick={() => { if (deleting) void remove(deleting); }}>{t('common.delete')}</Button>
        </Group>
      </Modal>
    </section>
  );
}

function StageForm({ stage, onClose, onSaved }: { stage: PipelineStage | 'new' | null; onClose(): void; onSaved(): void }) {
  const { t } = useTranslation();
  const [label, setLabel] = useState('');
  const [probability, setProbability] = useState('');
  const [saving, setSaving] = useState(false);
  const errs = useFieldErrors(t);
  const known = (p: string) => p === 'label' || p === 'probability';

  useEffect(() => {
    if (!stage) return;
    // A built-in stage is renamed by giving it a label: it starts from its translated name.
    setLabel(stage === 'new' ? '' : stageName(t, stage));
    setProbability(stage === 'new' ? '' : String(stage.probability));
    errs.reset();
  }, [stage]);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!stage || saving) return;
    const p = parseWhole(probability);
    const value = p === null ? 0 : Number.isNaN(p) ? -1 : p;
    const input = stage === 'new' ? { label, probability: value } : { id: stage.id, label, probability: value };
    if (!errs.check(stage === 'new' ? 'stages.create' : 'stages.update', input, known)) return;
    setSaving(true);
    try {
      if (stage === 'new') await send('stages.create', { label, probability: value });
      else await send('stages.update', { id: stage.id, label, probability: value });
      onSaved();
    } catch (err) {
      errs.fail(err, known);
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormDialog opened={stage !== null} onClose={onClose} size={400} data-testid="stage-form"
      title={stage === 'new' || stage === null ? t('opportunities.stages_settings.new_title') : t('opportunities.stages_settings.edit_title')}>
      <form onSubmit={submit} noValidate>
        {errs.general && <Alert color="red" mb="sm" data-testid="form-error">{translateError(t, errs.general)}</Alert>}
        <Stack gap={8}>
          <TextInput label={t('opportunities.stages_settings.name')} required data-testid="stage-label" data-autofocus value={label}
            error={errs.field('label')} onChange={(e) => { errs.clear('label'); setLabel(e.currentTarget.value); }} />
          <TextInput label={t('opportunities.stages_settings.probability')} data-testid="stage-prob" inputMode="numeric" value={probability}
            // Won is always 100 %, lost 0 %: the core keeps them fixed.
            readOnly={stage !== null && stage !== 'new' && stage.outcome !== 'open'}
            description={t('opportunities.stages_settings.probability_hint')} error={errs.field('probability')} w={200}
            rightSection={<Text size="xs" c="dimmed">%</Text>}
            onChange={(e) => { errs.clear('probability'); setProbability(e.currentTarget.value); }} />
        </Stack>
        <Group justify="flex-end" mt="md" gap="xs">
          <CancelButton onClose={onClose} />
          <Button type="submit" data-testid="stage-save" loading={saving}>{t('common.save')}</Button>
        </Group>
      </form>
    </FormDialog>
  );
}
