// Letter templates: the list, the editor (a field picker inserting {{key}} at the cursor) with a
// live preview of one letter to a sample firm, and serial letters to a selection or segment. A
// template may have versions in further languages (a tab each): serial letters write to each
// recipient in their country's language when the template has it.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, TextInput, Textarea, Title, UnstyledButton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Input, Table } from '../../shared/contract.ts';
import type { LetterTemplate, LetterVariant, Locale, PrintDoc, SalutationStyle } from '../../shared/types.ts';
import { LOCALES, MERGE_FIELDS, SALUTATION_STYLES } from '../../shared/types.ts';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { LANGUAGE_NAMES } from '../i18n/index.ts';
import { translateError, useFieldErrors, validate } from '../ui/forms.ts';
import { toast } from '../ui/toast.tsx';
import { useRemote } from '../ui/useRemote.ts';
import { FirmSelect } from '../segments/common.tsx';
import { PrintPreview } from './PrintPreview.tsx';
import { EMPTY_TARGET, TargetPicker, type TargetChoice } from './TargetPicker.tsx';
import { buildTarget, insertAtCursor, mergeToken, userFieldToken } from './print.ts';
import { useDebounced, useLast } from './hooks.ts';

/** What a letter's content depends on. */
export const LETTER_TABLES: readonly Table[] = ['firms', 'people', 'addresses', 'channels', 'field_values', 'field_defs', 'settings', 'letter_templates', 'users'];
const PREVIEW_DEBOUNCE_MS = 400;

interface Draft {
  id: string | null;
  name: string;
  language: Locale;
  style: SalutationStyle;
  subject: string;
  body: string;
  closing: string;
  /** The same letter in further languages. */
  variants: LetterVariant[];
}
type TextPart = 'subject' | 'body' | 'closing';

const newDraft = (language: Locale): Draft => ({ id: null, name: '', language, style: 'formal', subject: '', body: '', closing: '', variants: [] });
const fromTemplate = (t: LetterTemplate): Draft => ({
  id: t.id, name: t.name, language: t.language, style: t.style, subject: t.subject, body: t.body, closing: t.closing,
  variants: t.variants.map((v) => ({ ...v })),
});
const KNOWN = new Set(['name', 'language', 'style', 'subject', 'body', 'closing']);
const VARIANT_FIELD = /^variants\.(\d+)\.(subject|body|closing|language)$/;

/** The main language becomes `language`: a version already in it trades places with the main text. */
function withMainLanguage(d: Draft, language: Locale): Draft {
  const other = d.variants.find((v) => v.language === language);
  if (!other) return { ...d, language };
  return {
    ...d, language, subject: other.subject, body: other.body, closing: other.closing,
    variants: d.variants.map((v) => (v === other ? { language: d.language, subject: d.subject, body: d.body, closing: d.closing } : v)),
  };
}

export function LettersTab() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const templates = useRemote('templates.list', {}, ['letter_templates']);
  const userFields = useRemote('fields.list', {}, ['field_defs']);
  const firstFirm = useRemote('firms.list', { locale, limit: 1 }, ['firms']);
  const [draft, setDraft] = useState<Draft>(() => newDraft(locale));
  const [sampleId, setSampleId] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const errors = useFieldErrors(t);
  const body = useRef<HTMLTextAreaElement>(null);
  const [serial, setSerial] = useState<TargetChoice>(EMPTY_TARGET);
  const [serialInput, setSerialInput] = useState<Input<'print.letters'> | null>(null);
  // The language whose text the editor shows: the template's own or one of its versions.
  const [editing, setEditing] = useState<Locale>(draft.language);
  const variantIndex = draft.variants.findIndex((v) => v.language === editing);
  const shownLanguage: Locale = variantIndex >= 0 ? editing : draft.language;

  const sample = sampleId ?? firstFirm.data?.rows[0]?.id ?? null;
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => { setDraft((d) => ({ ...d, [k]: v })); errors.clear(k); };
  /** The edited language's subject, body or closing. */
  const textOf = (part: TextPart) => (variantIndex >= 0 ? draft.variants[variantIndex]![part] : draft[part]);
  const setText = (part: TextPart, value: string) => {
    if (variantIndex < 0) { set(part, value); return; }
    errors.clear(`variants.${variantIndex}.${part}`);
    setDraft((d) => ({ ...d, variants: d.variants.map((v, i) => (i === variantIndex ? { ...v, [part]: value } : v)) }));
  };
  const textError = (part: TextPart) => errors.field(variantIndex >= 0 ? `variants.${variantIndex}.${part}` : part);
  const addVariant = (language: Locale) => {
    setDraft((d) => ({ ...d, variants: [...d.variants, { language, subject: '', body: '', closing: '' }] }));
    setEditing(language);
  };
  const removeVariant = () => {
    setDraft((d) => ({ ...d, variants: d.variants.filter((v) => v.language !== editing) }));
    setEditing(draft.language);
  };
  const inline = {
    name: draft.name.trim() || '—', language: draft.language, style: draft.style, subject: draft.subject, body: draft.body, closing: draft.closing,
    variants: draft.variants,
  };

  // The live preview: one letter to the sample firm, in the language being edited, a moment after the typing stops.
  const live = useDebounced(sample ? JSON.stringify({
    template: inline, language: shownLanguage, target: { from: 'firm', firmId: sample, personId: null }, limit: 1, locale,
  }) : null, PREVIEW_DEBOUNCE_MS);
  const preview = useRemote('print.letters', live ? JSON.parse(live) as Input<'print.letters'> : null, LETTER_TABLES);
  const shown = useLast(preview.data);

  const open = (tpl: LetterTemplate | null) => {
    const next = tpl ? fromTemplate(tpl) : newDraft(locale);
    setDraft(next);
    setEditing(next.language);
    errors.reset();
    setConfirmDelete(false);
  };

  // A template deleted elsewhere: the editor lets go of its id.
  useEffect(() => {
    if (draft.id && templates.data && !templates.data.some((x) => x.id === draft.id)) setDraft((d) => ({ ...d, id: null }));
  }, [templates.data, draft.id]);

  const pickField = (token: string) => {
    if (!token) return;
    const el = body.current;
    const text = textOf('body');
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? start;
    const next = insertAtCursor(text, start, end, token);
    setText('body', next.text);
    requestAnimationFrame(() => { if (el) { el.focus(); el.setSelectionRange(next.caret, next.caret); } });
  };

  const save = async () => {
    const value = {
      id: draft.id, name: draft.name, language: draft.language, style: draft.style, subject: draft.subject, body: draft.body, closing: draft.closing,
      variants: draft.variants,
    };
    const known = (p: string) => KNOWN.has(p) || VARIANT_FIELD.test(p);
    // An error in another language's text: that language's tab is opened to show it.
    const showVariant = (path: string | undefined) => {
      const m = path ? VARIANT_FIELD.exec(path) : null;
      const v = m ? draft.variants[Number(m[1])] : undefined;
      if (v) setEditing(m![2] === 'language' ? draft.language : v.language);
    };
    const found = validate('templates.save', value);
    if (!errors.check('templates.save', value, known)) { showVariant(Object.keys(found)[0]); return; }
    setSaving(true);
    try {
      const res = await send('templates.save', value);
      setDraft((d) => ({ ...d, id: res.id }));
      templates.reload();
      toast(t('printing.letters.saved'));
    } catch (e) {
      errors.fail(e, known);
      showVariant(errorData(e).field);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!draft.id) return;
    try {
      await send('templates.delete', { id: draft.id });
      open(null);
      templates.reload();
    } catch (e) {
      errors.fail(e);
    }
  };

  const fieldOptions = useMemo(() => [
    { value: '', label: t('printing.letters.insert_field') },
    { group: t('printing.letters.merge_fields'), items: MERGE_FIELDS.map((k) => ({ value: mergeToken(k), label: t(`printing.fields.${k}`) })) },
    ...((userFields.data ?? []).length > 0 ? [{
      group: t('printing.letters.user_fields'),
      items: (userFields.data ?? []).map((f) => ({ value: userFieldToken(f.id), label: `${f.label} (${t(`printing.letters.entity_${f.entity}`)})` })),
    }] : []),
  ], [t, userFields.data]);

  const serialTarget = buildTarget(serial.kind, serial.id, serial.recipients);
  const runSerial = () => {
    if (!serialTarget) return;
    setSerialInput(draft.id && !dirty(draft, templates.data)
      ? { templateId: draft.id, target: serialTarget, locale }
      : { template: inline, target: serialTarget, locale });
  };
  const serialDoc = useRemote('print.letters', serialInput, LETTER_TABLES, 0, { job: true });
  const list = [...(templates.data ?? [])].sort((a, b) => a.name.localeCompare(b.name, locale));

  return (
    <div className="printing-editor" data-testid="letters-tab">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{t('printing.letters.templates')}</Title>
          <Button size="compact-sm" variant="light" data-testid="tpl-new" onClick={() => open(null)}>+ {t('printing.letters.new')}</Button>
        </Group>
        <div className="tpl-list" data-testid="tpl-list">
          {list.length === 0 && <Text size="sm" c="dimmed">{t('printing.letters.none')}</Text>}
          {list.map((x) => (
            <UnstyledButton key={x.id} data-testid="tpl-item" data-id={x.id} onClick={() => open(x)}
              className={x.id === draft.id ? 'nav-active' : undefined} px={6} py={3}
              style={{ borderRadius: 4, background: x.id === draft.id ? 'var(--mantine-color-blue-light)' : undefined }}>
              <Text size="sm" fw={x.id === draft.id ? 600 : 400}>{x.name}</Text>
            </UnstyledButton>
          ))}
        </div>
        {errors.general && <Alert color="red" py={6} data-testid="tpl-error">{translateError(t, errors.general)}</Alert>}
        <TextInput label={t('printing.letters.name')} data-testid="tpl-name" value={draft.name} required
          onChange={(e) => set('name', e.currentTarget.value)} error={errors.field('name')} />
        <Group grow gap="xs">
          <NativeSelect label={t('printing.letters.language')} data-testid="tpl-language" value={draft.language}
            data={LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
            onChange={(e) => {
              const language = e.currentTarget.value as Locale;
              if (editing === draft.language || editing === language) setEditing(language);
              setDraft((d) => withMainLanguage(d, language));
              errors.clear('language');
            }} error={errors.field('language')} />
          <NativeSelect label={t('printing.letters.style')} data-testid="tpl-style" value={draft.style}
            data={SALUTATION_STYLES.map((s) => ({ value: s, label: t(`printing.letters.styles.${s}`) }))}
            onChange={(e) => set('style', e.currentTarget.value as SalutationStyle)} error={errors.field('style')} />
        </Group>
        <div data-testid="tpl-languages">
          <Text size="sm" fw={500}>{t('intl.letters.languages')}</Text>
          <Text size="xs" c="dimmed" mb={4}>{t('intl.letters.variants_hint')}</Text>
          <Group gap={6}>
            {[draft.language, ...draft.variants.map((v) => v.language)].map((l, i) => (
              <Button key={l} size="compact-sm" variant={l === shownLanguage ? 'filled' : 'default'} data-testid={`tpl-lang-${l}`}
                color={errors.errors[`variants.${i - 1}.body`] || errors.errors[`variants.${i - 1}.subject`] ? 'red' : undefined}
                onClick={() => setEditing(l)}>
                {LANGUAGE_NAMES[l]}{i === 0 ? ` (${t('intl.letters.main')})` : ''}
              </Button>
            ))}
            {draft.variants.length < LOCALES.length - 1 && (
              <NativeSelect size="xs" data-testid="tpl-add-language" value="" aria-label={t('intl.letters.add_language')}
                data={[{ value: '', label: t('intl.letters.add_language') },
                  ...LOCALES.filter((l) => l !== draft.language && !draft.variants.some((v) => v.language === l)).map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))]}
                onChange={(e) => { if (e.currentTarget.value) addVariant(e.currentTarget.value as Locale); }} />
            )}
            {variantIndex >= 0 && (
              <Button size="compact-xs" variant="subtle" color="red" data-testid="tpl-remove-variant" onClick={removeVariant}>
                {t('intl.letters.remove_variant')}
              </Button>
            )}
          </Group>
        </div>
        <TextInput label={t('printing.letters.subject')} data-testid="tpl-subject" value={textOf('subject')} lang={shownLanguage}
          onChange={(e) => setText('subject', e.currentTarget.value)} error={textError('subject')} />
        <NativeSelect label={t('printing.letters.field_picker')} data-testid="tpl-field-picker" value="" data={fieldOptions}
          onChange={(e) => pickField(e.currentTarget.value)} />
        <Textarea ref={body} label={t('printing.letters.body')} description={t('printing.letters.body_hint', { example: '{{firmName}}' })} className="tpl-body"
          data-testid="tpl-body" value={textOf('body')} autosize minRows={10} maxRows={24} lang={shownLanguage}
          onChange={(e) => setText('body', e.currentTarget.value)} error={textError('body')} />
        <TextInput label={t('printing.letters.closing')} placeholder={t('printing.letters.closing_default')} data-testid="tpl-closing"
          value={textOf('closing')} lang={shownLanguage} onChange={(e) => setText('closing', e.currentTarget.value)} error={textError('closing')} />
        <Group justify="space-between">
          <div>
            {draft.id && (confirmDelete ? (
              <Group gap={6}>
                <Text size="xs" c="red">{t('printing.letters.delete_confirm')}</Text>
                <Button color="red" size="compact-xs" data-testid="confirm-tpl-delete" onClick={() => void remove()}>{t('common.delete')}</Button>
                <Button variant="default" size="compact-xs" onClick={() => setConfirmDelete(false)}>{t('common.cancel')}</Button>
              </Group>
            ) : (
              <Button variant="subtle" color="red" data-testid="tpl-delete" onClick={() => setConfirmDelete(true)}>{t('common.delete')}</Button>
            ))}
          </div>
          <Button data-testid="tpl-save" loading={saving} onClick={() => void save()}>{t('common.save')}</Button>
        </Group>

        <section className="panel" data-testid="letters-serial">
          <div className="panel-title"><h3>{t('printing.letters.serial')}</h3></div>
          <Text size="xs" c="dimmed" mb={6}>{t('printing.letters.serial_hint')}</Text>
          <TargetPicker prefix="letters" value={serial} onChange={setSerial} />
          <Button mt="sm" data-testid="letters-preview" disabled={!serialTarget} onClick={runSerial}>{t('printing.preview.show')}</Button>
        </section>
      </Stack>

      <Stack gap="xs">
        <Group gap="xs" align="flex-end">
          <Title order={4} style={{ flex: 1 }}>{t('printing.letters.live_preview')}</Title>
          <div style={{ minWidth: 260 }}>
            <FirmSelect label={t('printing.letters.sample')} testid="tpl-sample" value={sample}
              valueLabel={firstFirm.data?.rows.find((r) => r.id === sample)?.name ?? null} onChange={(id) => setSampleId(id)} />
          </div>
        </Group>
        <div data-testid="tpl-preview">
          <PrintPreview doc={shown} loading={preview.loading || live === null && !!sample} error={preview.error} height="calc(100vh - 230px)" zoom="0.75"
            emptyText={sample ? undefined : t('printing.letters.no_sample')} />
        </div>
      </Stack>

      <Modal opened={serialInput !== null} onClose={() => setSerialInput(null)} size="calc(100vw - 120px)" title={t('printing.letters.serial')}>
        <div data-testid="letters-serial-preview">
          <PrintPreview doc={serialDoc.data as PrintDoc | undefined} loading={serialDoc.loading} error={serialDoc.error} height="calc(100vh - 220px)" unit="letters"
            job={serialDoc.job} />
        </div>
      </Modal>
    </div>
  );
}

function dirty(d: Draft, saved: LetterTemplate[] | undefined): boolean {
  const s = saved?.find((x) => x.id === d.id);
  if (!s) return true;
  return s.name !== d.name || s.language !== d.language || s.style !== d.style || s.subject !== d.subject || s.body !== d.body || s.closing !== d.closing
    || JSON.stringify(s.variants) !== JSON.stringify(d.variants);
}
