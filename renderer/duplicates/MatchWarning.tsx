// "Possible duplicate": while a new firm or lead is being typed, the core is asked (debounced)
// which existing firms and leads look like it. Only a warning — saving stays allowed, since two
// firms may well share a name, and the user knows best.
import { useEffect, useState } from 'react';
import { Alert, Anchor, Badge, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { FirmMatch } from '../../shared/types.ts';
import { send } from '../api.ts';
import { companyIdName } from '../../shared/company-ids.ts';

const DEBOUNCE_MS = 300;

export interface MatchQuery {
  name: string;
  ico: string;
  /** The scheme `ico` is typed in (the firm's country); none: Czech. */
  country?: string;
  emails: string[];
  phones: string[];
  excludeId?: string | null;
}

/** Asks `firms.matches` ~300 ms after the last keystroke; [] while there is too little to go on. */
export function useMatches(q: MatchQuery, enabled = true): FirmMatch[] {
  const [matches, setMatches] = useState<FirmMatch[]>([]);
  const name = q.name.trim();
  const ico = q.ico.replace(/\s+/g, '');
  const emails = q.emails.map((e) => e.trim()).filter((e) => e.includes('@'));
  const phones = q.phones.map((p) => p.trim()).filter((p) => p.replace(/\D/g, '').length >= 6);
  const key = JSON.stringify({ name, ico, country: q.country || null, emails, phones, excludeId: q.excludeId ?? null });
  const enough = name.length >= 3 || ico.length >= 6 || emails.length > 0 || phones.length > 0;

  useEffect(() => {
    if (!enabled || !enough) { setMatches([]); return; }
    let alive = true;
    const timer = setTimeout(() => {
      const input = JSON.parse(key) as MatchQuery;
      // A failed look-up only means no warning: it must never get in the way of typing.
      send('firms.matches', input).then((m) => { if (alive) setMatches(m); }, () => { if (alive) setMatches([]); });
    }, DEBOUNCE_MS);
    return () => { alive = false; clearTimeout(timer); };
  }, [key, enabled, enough]);

  return matches;
}

export function MatchWarning({ matches, onOpen }: { matches: FirmMatch[]; onOpen(id: string): void }) {
  const { t } = useTranslation();
  if (matches.length === 0) return null;
  return (
    <Alert color="yellow" my="sm" data-testid="dup-warning" title={t('screens.dup_warning.title')} p="xs">
      <Text size="xs" c="dimmed" mb={4}>{t('screens.dup_warning.hint')}</Text>
      {matches.slice(0, 5).map((m) => (
        <Group key={m.id} gap={6} wrap="nowrap" data-testid="dup-match" data-firm-id={m.id}>
          <Anchor component="button" type="button" size="sm" fw={600} onClick={() => onOpen(m.id)} title={t('screens.dup_warning.open')}>
            {m.name}
          </Anchor>
          {m.isLead && <Badge color="orange" variant="light">{t('screens.leads.badge')}</Badge>}
          <Text size="xs" c="dimmed" truncate>
            {[m.ico ? `${companyIdName(m.country, 'ico', m.ico)} ${m.ico}` : null, m.city].filter(Boolean).join(' · ')}
            {' — '}
            {m.reasons.map((r) => t(`screens.dup_reasons.${r}`)).join(', ')}
          </Text>
        </Group>
      ))}
    </Alert>
  );
}
