// Printing from the firm card: the meeting brief of the firm or of one person (in the UI
// language), and a single letter from a template to a person of the firm (the main one first).
import { useEffect, useState } from 'react';
import { Alert, Group, Modal, NativeSelect, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Person } from '../../shared/types.ts';
import { useApp } from '../store.ts';
import { personName } from '../ui/format.ts';
import { useRemote } from '../ui/useRemote.ts';
import { PrintPreview } from './PrintPreview.tsx';
import { LETTER_TABLES } from './LettersTab.tsx';

const BRIEF_TABLES = [...LETTER_TABLES, 'contacts', 'tasks', 'notes', 'note_shares', 'opportunities', 'sales', 'segments', 'segment_members'] as const;
const MODAL_SIZE = 'min(1000px, calc(100vw - 80px))';

/** The meeting brief of a firm, or the shorter one of a person. */
export function BriefModal({ opened, firmId, personId, title, onClose }: {
  opened: boolean;
  firmId?: string | null;
  personId?: string | null;
  title: string;
  onClose(): void;
}) {
  const locale = useApp((s) => s.locale);
  const input = opened ? { firmId: personId ? null : firmId ?? null, personId: personId ?? null, locale } : null;
  const doc = useRemote('print.brief', input, BRIEF_TABLES);
  return (
    <Modal opened={opened} onClose={onClose} size={MODAL_SIZE} title={title}>
      <div data-testid="brief-dialog">
        <PrintPreview doc={doc.data} loading={doc.loading} error={doc.error} height="calc(100vh - 220px)" />
      </div>
    </Modal>
  );
}

/** A letter from a saved template to a person of the firm (or the firm itself). */
export function LetterModal({ opened, firmId, people, onClose }: {
  opened: boolean;
  firmId: string;
  people: Person[];
  onClose(): void;
}) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const navigate = useApp((s) => s.navigate);
  const templates = useRemote('templates.list', opened ? {} : null, ['letter_templates']);
  const [templateId, setTemplateId] = useState<string | null>(null);
  const main = people.find((p) => p.isMain) ?? people[0];
  const [personId, setPersonId] = useState<string>('');
  useEffect(() => { if (opened) setPersonId(main?.id ?? ''); }, [opened, main?.id]);
  const list = [...(templates.data ?? [])].sort((a, b) => a.name.localeCompare(b.name, locale));
  const chosen = templateId && list.some((x) => x.id === templateId) ? templateId : list[0]?.id ?? null;
  const input = opened && chosen ? { templateId: chosen, target: { from: 'firm' as const, firmId, personId: personId || null, toFirm: !personId }, locale } : null;
  const doc = useRemote('print.letters', input, LETTER_TABLES);
  return (
    <Modal opened={opened} onClose={onClose} size={MODAL_SIZE} title={t('printing.card.letter_title')}>
      <div data-testid="letter-dialog">
        <Group gap="xs" mb="xs" align="flex-end">
          <NativeSelect label={t('printing.card.template')} data-testid="letter-template" value={chosen ?? ''} miw={240}
            data={list.length ? list.map((x) => ({ value: x.id, label: x.name })) : [{ value: '', label: t('printing.letters.none') }]}
            onChange={(e) => setTemplateId(e.currentTarget.value || null)} />
          <NativeSelect label={t('printing.card.person')} data-testid="letter-person" value={personId} miw={240}
            data={[{ value: '', label: t('printing.card.to_firm') }, ...people.map((p) => ({ value: p.id, label: `${personName(p)}${p.isMain ? ' ★' : ''}` }))]}
            onChange={(e) => setPersonId(e.currentTarget.value)} />
        </Group>
        {templates.data && list.length === 0 ? (
          <Alert color="yellow" py={6}>
            <Text size="sm">{t('printing.card.no_templates')}{' '}
              <Text span c="blue" style={{ cursor: 'pointer' }} data-testid="letter-go-templates"
                onClick={() => { onClose(); navigate({ name: 'printing' }); }}>{t('printing.card.go_templates')}</Text>
            </Text>
          </Alert>
        ) : (
          <PrintPreview doc={doc.data} loading={doc.loading} error={doc.error} height="calc(100vh - 280px)" />
        )}
      </div>
    </Modal>
  );
}
