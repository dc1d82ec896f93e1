// Data protection on the firm card (issue 15): a menu on the firm and on each person with "Show
// everything we hold" (the report previewed, printed or saved as PDF like any printed page, and
// downloaded as JSON) and "Erase personal data", whose confirmation says exactly what goes, what
// stays, and which texts still name them (an erasure never rewrites what colleagues wrote).
import { useState } from 'react';
import { ActionIcon, Alert, Anchor, Button, Checkbox, Group, List, Menu, Modal, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SubjectMention } from '../../shared/privacy.ts';
import type { Locale } from '../../shared/types.ts';
import { shortInstant } from '../../shared/dates.ts';
import { errorData, send } from '../api.ts';
import { useApp } from '../store.ts';
import { translateError } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { PrintPreview } from '../printing/PrintPreview.tsx';
import { downloadBytes } from '../mailing/download.ts';

const MODAL_SIZE = 'min(1000px, calc(100vw - 80px))';

/** Whom a request is about: the firm (with its people) or one person of it. */
export interface PrivacySubject { kind: 'firm' | 'person'; id: string; name: string }
export type PrivacyAction = { action: 'report' | 'erase'; subject: PrivacySubject } | null;

const ShieldIcon = ({ size = 14 }: { size?: number }) => (
  <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round"
    strokeLinejoin="round" aria-hidden focusable="false" className="icon">
    <path d="M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6z" /><path d="M9 12l2 2 4-4" />
  </svg>
);

/** The "Data protection" menu: a button on the firm's head, an icon on a person's row. */
export function PrivacyMenu({ subject, compact = false, onPick }: {
  subject: PrivacySubject;
  compact?: boolean;
  onPick(action: NonNullable<PrivacyAction>): void;
}) {
  const { t } = useTranslation();
  const testid = subject.kind === 'firm' ? 'firm-privacy' : 'person-privacy';
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        {compact
          ? <ActionIcon aria-label={t('privacy.menu')} title={t('privacy.menu')} data-testid={testid}><ShieldIcon /></ActionIcon>
          : <Button variant="default" leftSection={<ShieldIcon />} data-testid={testid}>{t('privacy.menu')}</Button>}
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item data-testid="privacy-report" onClick={() => onPick({ action: 'report', subject })}>{t('privacy.report')}</Menu.Item>
        <Menu.Item color="red" data-testid="privacy-erase" onClick={() => onPick({ action: 'erase', subject })}>{t('privacy.erase')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

const input = (s: PrivacySubject, locale: Locale) =>
  ({ personId: s.kind === 'person' ? s.id : null, firmId: s.kind === 'firm' ? s.id : null, locale });

/** The report: the printable page, and the same data as a JSON download. */
function ReportModal({ subject, onClose }: { subject: PrivacySubject | null; onClose(): void }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const doc = useRemote('privacy.report', subject ? input(subject, locale) : null, []);
  const download = () => {
    if (!doc.data) return;
    downloadBytes(doc.data.fileName, 'application/json', new TextEncoder().encode(JSON.stringify(doc.data.report, null, 2)) as Uint8Array<ArrayBuffer>);
  };
  return (
    <Modal opened={subject !== null} onClose={onClose} size={MODAL_SIZE} title={t('privacy.report_title', { name: subject?.name ?? '' })}>
      <div data-testid="privacy-report-dialog">
        <Group justify="flex-end" mb="xs">
          <Button variant="default" data-testid="privacy-download-json" disabled={!doc.data} onClick={download}>{t('privacy.download_json')}</Button>
        </Group>
        <PrintPreview doc={doc.data?.doc} loading={doc.loading} error={doc.error} height="calc(100vh - 260px)" testid="privacy-preview" />
      </div>
    </Modal>
  );
}

function Mentions({ mentions, onOpenFirm }: { mentions: SubjectMention[]; onOpenFirm(id: string): void }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  return (
    <List size="sm" spacing={4} data-testid="privacy-mentions">
      {mentions.map((m) => (
        <List.Item key={`${m.kind}:${m.id}`} data-testid="privacy-mention">
          {shortInstant(m.at, locale)} · {t(`privacy.mention_${m.kind}`)} · {m.private ? t('privacy.mention_private', { author: m.author }) : m.title}
          {m.firmId && <> · <Anchor component="button" type="button" size="sm" onClick={() => onOpenFirm(m.firmId!)}>{t('privacy.open_firm')}</Anchor></>}
        </List.Item>
      ))}
    </List>
  );
}

/** The confirmation naming what goes and what stays, then what still names them. */
function EraseModal({ subject, onClose, onErased }: { subject: PrivacySubject | null; onClose(): void; onErased(s: PrivacySubject): void }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const navigate = useApp((s) => s.navigate);
  const [consents, setConsents] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [left, setLeft] = useState<SubjectMention[] | null>(null);
  const before = useRemote('privacy.report', subject && left === null ? input(subject, locale) : null, []);
  const kind = subject?.kind ?? 'person';
  const placeholder = t(`privacy.placeholder_${kind}`);
  const close = () => {
    const erased = left !== null;
    setConsents(false); setError(null); setLeft(null);
    onClose();
    if (erased && subject) onErased(subject);
  };
  const openFirm = (id: string) => { close(); navigate({ name: 'firm', id }); };
  const erase = async () => {
    if (!subject) return;
    setBusy(true);
    setError(null);
    try {
      setLeft((await send('privacy.erase', { ...input(subject, locale), consents })).mentions);
    } catch (e) {
      setError(translateError(t, errorData(e)) ?? t('errors.internal'));
    } finally {
      setBusy(false);
    }
  };
  const mentions = before.data?.report.mentions ?? [];
  return (
    <Modal opened={subject !== null} onClose={close} size="lg" title={t('privacy.erase_title', { name: subject?.name ?? '' })}>
      <div data-testid="privacy-erase-dialog">
        {left === null ? (
          <Stack gap="sm">
            <Text size="sm">{t(`privacy.erase_intro_${kind}`, { name: subject?.name ?? '', placeholder })}</Text>
            <List size="sm" spacing={2}>
              {[1, 2, 3].map((n) => <List.Item key={n}>{t(`privacy.erase_${kind}_${n}`)}</List.Item>)}
            </List>
            <Text size="sm">{t(`privacy.erase_keeps_${kind}`, { placeholder })}</Text>
            <Checkbox size="sm" checked={consents} onChange={(e) => setConsents(e.currentTarget.checked)} label={t('privacy.consents')}
              data-testid="privacy-erase-consents" />
            {mentions.length > 0 && (
              <Alert color="yellow" py={6}>
                <Text size="sm" mb={4}>{t('privacy.mentions_before')}</Text>
                <Mentions mentions={mentions} onOpenFirm={openFirm} />
              </Alert>
            )}
            {error && <Alert color="red">{error}</Alert>}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={close} data-autofocus>{t('common.cancel')}</Button>
              <Button color="red" loading={busy} data-testid="privacy-erase-confirm" onClick={erase}>{t('privacy.erase')}</Button>
            </Group>
          </Stack>
        ) : (
          <Stack gap="sm">
            <Alert color="green" data-testid="privacy-erased">{t('privacy.done')}</Alert>
            {left.length > 0 && <><Text size="sm">{t('privacy.mentions_after')}</Text><Mentions mentions={left} onOpenFirm={openFirm} /></>}
            <Group justify="flex-end"><Button onClick={close} data-testid="privacy-erase-close">{t('card.close')}</Button></Group>
          </Stack>
        )}
      </div>
    </Modal>
  );
}

/** Both dialogs, for the action picked in a PrivacyMenu. */
export function PrivacyDialogs({ action, onClose, onErased }: { action: PrivacyAction; onClose(): void; onErased(s: PrivacySubject): void }) {
  return (
    <>
      <ReportModal subject={action?.action === 'report' ? action.subject : null} onClose={onClose} />
      <EraseModal subject={action?.action === 'erase' ? action.subject : null} onClose={onClose} onErased={onErased} />
    </>
  );
}
