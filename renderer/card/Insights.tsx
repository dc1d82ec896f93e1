// Small overview panels: how complete the record is, which colleagues work the client too,
// and the groups the firm heads.
import { Group, RingProgress, Text, Tooltip } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ColleagueActivity, Completeness, SegmentRef } from '../../shared/types.ts';
import { COMPLETENESS_ITEMS } from '../../shared/types.ts';
import { colleagueLine } from './colleague-line.ts';
import { companyIdName } from '../../shared/company-ids.ts';
import { useApp } from '../store.ts';
import { useRemote } from '../ui/useRemote.ts';
import { SegmentChip } from './SegmentChip.tsx';

export function CompletenessPanel({ completeness, country }: { completeness: Completeness; country: string }) {
  const { t } = useTranslation();
  const { score, missing } = completeness;
  const color = score >= 80 ? 'teal' : score >= 50 ? 'yellow' : 'red';
  const ordered = COMPLETENESS_ITEMS.filter((i) => missing.includes(i));
  return (
    <section className="panel" data-testid="completeness" data-score={score}>
      <div className="panel-title"><h3>{t('card.completeness.title')}</h3></div>
      <Group gap="md" wrap="nowrap" align="center">
        <RingProgress size={72} thickness={7} roundCaps sections={score > 0 ? [{ value: score, color }] : []}
          label={<Text ta="center" size="xs" fw={700} data-testid="completeness-score">{score} %</Text>} />
        {ordered.length === 0 ? (
          <Text size="sm" c="teal.8">{t('card.completeness.all_done')}</Text>
        ) : (
          <div>
            <Text size="xs" c="dimmed">{t('card.completeness.missing')}</Text>
            <ul className="missing-list" data-testid="completeness-missing">
              {ordered.map((i) => <li key={i} data-item={i}>{i === 'ico' ? companyIdName(country, 'ico') : t(`card.completeness.items.${i}`)}</li>)}
            </ul>
          </div>
        )}
      </Group>
    </section>
  );
}

/** Colleagues other than me who logged or planned contacts with the firm lately. */
export function useColleagues(firmId: string | null): ColleagueActivity[] {
  const me = useApp((s) => s.localUserId);
  const list = useRemote('firms.colleagues', firmId ? { firmId } : null, ['contacts', 'users']);
  return (list.data ?? []).filter((c) => c.userId !== me);
}

export function ColleaguesPanel({ firmId }: { firmId: string }) {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const list = useColleagues(firmId);
  if (list.length === 0) return null;
  return (
    <section className="panel" data-testid="colleagues">
      <div className="panel-title">
        <Tooltip label={t('card.colleagues.hint')} multiline w={260} openDelay={300}><h3>{t('card.colleagues.title')}</h3></Tooltip>
      </div>
      {list.map((c) => (
        <Text key={c.userId} size="sm" data-testid="colleague-row">{colleagueLine(t, c, locale)}</Text>
      ))}
    </section>
  );
}

export function HeadsPanel({ heads }: { heads: SegmentRef[] }) {
  const { t } = useTranslation();
  if (heads.length === 0) return null;
  return (
    <section className="panel" data-testid="firm-card-heads">
      <div className="panel-title"><h3>{t('card.heads.title')}</h3></div>
      <Group gap={4}>{heads.map((s) => <SegmentChip key={s.id} segment={s} />)}</Group>
    </section>
  );
}
