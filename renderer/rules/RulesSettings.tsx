// Settings: contact-frequency rules per segment or tag — "customers in A: a meeting or call at
// least every 30 days". A rule counts the chosen contact kinds (none chosen = every kind).
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ActionIcon, Alert, Badge, Button, Center, Group, Loader, Modal, MultiSelect, NativeSelect, Table, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ContactRule } from '../../shared/types.ts';
import { SEGMENT_KINDS } from '../../shared/types.ts';
import { errorData, send } from '../api.ts';
import { useApp, useCodes } from '../store.ts';
import { codeById, codeLabel, codeOptions, formatNumber } from '../ui/format.ts';
import { translateError, useFieldErrors, validate } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { DialogFooter } from '../ui/DialogFooter.tsx';
import { FormDialog } from '../ui/FormDialog.tsx';

type Dialog = { name: 'none' } | { name: 'form'; rule?: ContactRule } | { name: 'delete'; rule: ContactRule };

export function RulesSettings() {
  const { t } = useTranslation();
  const codes = useApp((s) => s.codes);
  const rules = useRemote('rules.list', {}, ['contact_rules', 'segments', 'segment_members', 'firms']);
  const [dialog, setDialog] = useState<Dialog>({ name: 'none' });
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const close = () => { setDialog({ name: 'none' }); setFailed(null); };
  const locale = useApp((s) => s.locale);

  const kindsOf = (r: ContactRule) => r.kindIds.length === 0 ? t('rules.settings.any_kind')
    : r.kindIds.map((id) => codeLabel(t, codeById(codes, id))).filter(Boolean).join(', ');

  const doDelete = async (r: ContactRule) => {
    setBusy(true);
    setFailed(null);
    try {
      await send('rules.delete', { id: r.id });
      close();
      rules.reload();
    } catch (e) {
      setFailed(translateError(t, errorData(e)) ?? null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" data-testid="settings-rules">
      <div className="panel-title">
        <h3>{t('rules.settings.title')}</h3>
        <Button size="compact-xs" data-testid="rule-new" onClick={() => setDialog({ name: 'form' })}>+ {t('rules.settings.new')}</Button>
      </div>
      <Text size="xs" c="dimmed" mb="xs">{t('rules.settings.intro')}</Text>
      {rules.error && !rules.data ? <Alert color="red">{translateError(t, rules.error)}</Alert>
        : !rules.data ? <Center p="sm"><Loader size="xs" /></Center>
          : rules.data.length === 0 ? <Text size="sm" c="dimmed" pb="xs" data-testid="rules-none">{t('rules.settings.none')}</Text>
            : (
              <Table verticalSpacing={3} fz="sm">
                <Table.Tbody>
                  {rules.data.map((r) => (
                    <Table.Tr key={r.id} data-testid="rule-row" data-rule-id={r.id}>
                      <Table.Td>
                        <Text size="sm" fw={600} data-testid="rule-row-segment">{r.segmentName}</Text>
                        <Group gap={6} wrap="nowrap">
                          <Badge variant="light" color="gray" size="xs">{t(`screens.segment_kinds.${r.segmentKind}`)}</Badge>
                          <Text size="xs" c="dimmed" className="nowrap">{t('rules.settings.firms', { n: formatNumber(r.firms, locale) })}</Text>
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" className="nowrap" data-testid="rule-row-days">{t('rules.settings.limit', { n: formatNumber(r.days, locale) })}</Text>
                        <Text size="xs" c="dimmed" data-testid="rule-row-kinds">{kindsOf(r)}</Text>
                      </Table.Td>
                      <Table.Td w={64}>
                        <Group gap={0} wrap="nowrap" justify="flex-end">
                          <ActionIcon aria-label={t('common.edit')} title={t('common.edit')} data-testid="rule-edit"
                            onClick={() => setDialog({ name: 'form', rule: r })}>✎</ActionIcon>
                          <ActionIcon color="red" aria-label={t('common.delete')} title={t('common.delete')} data-testid="rule-delete"
                            onClick={() => setDialog({ name: 'delete', rule: r })}>✕</ActionIcon>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
      <RuleForm
        opened={dialog.name === 'form'}
        rule={dialog.name === 'form' ? dialog.rule : undefined}
        onClose={close}
        onSaved={() => { close(); rules.reload(); }}
      />
      <Modal opened={dialog.name === 'delete'} onClose={close} title={t('rules.settings.delete_title')} size="sm">
        <Text size="sm">{t('rules.settings.delete_confirm', { segment: dialog.name === 'delete' ? dialog.rule.segmentName : '' })}</Text>
        {failed && <Alert color="red" mt="sm">{failed}</Alert>}
        <Group justify="flex-end" mt="md" gap="xs">
          <Button variant="default" onClick={close} data-autofocus>{t('common.cancel')}</Button>
          <Button color="red" loading={busy} data-testid="rule-confirm-delete"
            onClick={() => { if (dialog.name === 'delete') void doDelete(dialog.rule); }}>{t('common.delete')}</Button>
        </Group>
      </Modal>
    </section>
  );
}

interface Draft { segmentId: string; days: string; kindIds: string[] }

const draftOf = (r: ContactRule | undefined): Draft => r
  ? { segmentId: r.segmentId, days: String(r.days), kindIds: r.kindIds }
  : { segmentId: '', days: '30', kindIds: [] };

const KNOWN = /^(segmentId|days|kindIds(\.\d+)?)$/;

/** Add or change a rule (deleting is the row's ✕, with its own confirmation). */
function RuleForm({ opened, rule, onClose, onSaved }: {
  opened: boolean;
  rule?: ContactRule;
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const kindCodes = useCodes('contact_kind');
  const segments = useRemote('segments.list', opened ? {} : null, ['segments']);
  const [draft, setDraft] = useState<Draft>(() => draftOf(rule));
  const [saving, setSaving] = useState(false);
  const errs = useFieldErrors(t);

  useEffect(() => {
    if (opened) { setDraft(draftOf(rule)); errs.reset(); }
  }, [opened]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => {
    errs.clear(k);
    if (k === 'kindIds') for (const path of Object.keys(errs.errors)) if (path.startsWith('kindIds.')) errs.clear(path);
    setDraft((d) => ({ ...d, [k]: v }));
  };

  const segmentData = useMemo(() => {
    const collator = new Intl.Collator(locale, { sensitivity: 'base', numeric: true });
    const list = (segments.data ?? []).slice().sort((a, b) => collator.compare(a.name, b.name));
    return SEGMENT_KINDS.map((k) => ({
      group: t(`screens.segment_kinds_plural.${k}`),
      items: list.filter((s) => s.kind === k).map((s) => ({ value: s.id, label: s.name })),
    })).filter((g) => g.items.length > 0);
  }, [segments.data, locale, t]);
  const kindData = useMemo(() => {
    // Retired kinds only where the rule already counts them.
    const known = codeOptions(t, kindCodes, draft.kindIds);
    // A kind the rule counts that has since left the code list stays visible (and removable).
    const extra = draft.kindIds.filter((id) => !known.some((k) => k.value === id)).map((id) => ({ value: id, label: '?' }));
    return [...known, ...extra];
  }, [kindCodes, draft.kindIds, t]);

  const kindsError = errs.field('kindIds') ?? (() => {
    const path = Object.keys(errs.errors).find((p) => p.startsWith('kindIds.'));
    return path ? errs.field(path) : undefined;
  })();

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (saving) return;
    const known = (p: string) => KNOWN.test(p);
    // Not a whole number: out of range for the contract, so the field says what it accepts.
    const days = /^\s*\d+\s*$/.test(draft.days) ? Number(draft.days) : -1;
    const fields = { segmentId: draft.segmentId, days, kindIds: draft.kindIds };
    const input = rule ? { id: rule.id, ...fields } : fields;
    const found = validate(rule ? 'rules.update' : 'rules.create', input);
    // No segment chosen yet: "required", not "invalid reference".
    if (!draft.segmentId) found.segmentId = { code: 'validation', messageKey: 'errors.required', field: 'segmentId' };
    if (!errs.show(found, known)) return;
    setSaving(true);
    try {
      if (rule) await send('rules.update', { id: rule.id, ...fields });
      else await send('rules.create', fields);
      onSaved();
    } catch (err) {
      errs.fail(err, known);
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormDialog opened={opened} onClose={onClose} title={rule ? t('rules.settings.edit_title') : t('rules.settings.new_title')} size="md">
      <form onSubmit={submit} noValidate data-testid="rule-form">
        {errs.general && <Alert color="red" mb="sm" data-testid="rule-error">{translateError(t, errs.general)}</Alert>}
        <NativeSelect
          label={t('rules.settings.segment')}
          required
          data-testid="rule-segment"
          data-autofocus
          value={draft.segmentId}
          error={errs.field('segmentId')}
          onChange={(e) => set('segmentId', e.currentTarget.value)}
          data={[{ value: '', label: t('rules.settings.segment_pick'), disabled: true }, ...segmentData]}
        />
        <TextInput
          mt="sm"
          label={t('rules.settings.days')}
          description={t('rules.settings.days_hint')}
          required
          inputMode="numeric"
          data-testid="rule-days"
          value={draft.days}
          error={errs.field('days')}
          classNames={{ input: 'tabular' }}
          onChange={(e) => set('days', e.currentTarget.value)}
        />
        <MultiSelect
          mt="sm"
          label={t('rules.settings.kinds')}
          description={t('rules.settings.kinds_hint')}
          placeholder={draft.kindIds.length === 0 ? t('rules.settings.kinds_placeholder') : undefined}
          data-testid="rule-kinds"
          data={kindData}
          value={draft.kindIds}
          error={kindsError}
          searchable
          selectFirstOptionOnChange
          nothingFoundMessage={t('common.nothing_found')}
          comboboxProps={{ withinPortal: true }}
          onChange={(v) => set('kindIds', v)}
        />
        <DialogFooter
          deleteConfirm={t('rules.settings.delete_confirm', { segment: rule?.segmentName ?? '' })}
          deleteTestId="rule-form-delete"
          saveTestId="rule-save"
          saving={saving}
          onClose={onClose}
        />
      </form>
    </FormDialog>
  );
}
