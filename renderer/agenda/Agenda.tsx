// Planned contacts, mine or everyone's, grouped by the user's calendar day; overdue in red.
import { useMemo } from 'react';
import { Anchor, Center, Loader, SegmentedControl, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Contact } from '../../shared/types.ts';
import { useApp } from '../store.ts';
import { codeById, codeLabel, dayKey, formatDay, formatTime, relativeDay } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { create } from 'zustand';

const useScope = create<{ scope: 'mine' | 'all'; set(s: 'mine' | 'all'): void }>()((set) => ({
  scope: 'mine',
  set: (scope) => set({ scope }),
}));

export function Agenda() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const codes = useApp((s) => s.codes);
  const navigate = useApp((s) => s.navigate);
  const scope = useScope((s) => s.scope);
  const setScope = useScope((s) => s.set);
  const tzOffset = -new Date().getTimezoneOffset();
  const list = useRemote('agenda.list', { scope, tzOffset }, ['contacts', 'firms', 'people', 'users']);

  const now = Date.now();
  const days = useMemo(() => {
    const groups: { key: string; at: number; items: Contact[] }[] = [];
    for (const c of list.data ?? []) {
      const key = dayKey(c.at);
      const last = groups[groups.length - 1];
      if (last && last.key === key) last.items.push(c);
      else groups.push({ key, at: c.at, items: [c] });
    }
    return groups;
  }, [list.data]);

  return (
    <div className="page">
      <div className="toolbar" style={{ alignItems: 'center' }}>
        <Title order={2} mr="md">{t('agenda.title')}</Title>
        <SegmentedControl
          data-testid="agenda-scope"
          size="xs"
          value={scope}
          onChange={(v) => setScope(v === 'all' ? 'all' : 'mine')}
          data={[{ value: 'mine', label: t('agenda.mine') }, { value: 'all', label: t('agenda.all') }]}
        />
        {list.data && <Text size="sm" c="dimmed" ml="auto" data-testid="agenda-count">{t('agenda.count', { n: list.data.length })}</Text>}
      </div>
      <div className="page-scroll">
        {list.error && !list.data ? <Text c="red" size="sm">{translateError(t, list.error)}</Text>
          : !list.data ? <Center p="lg"><Loader size="sm" /></Center>
            : days.length === 0 ? <Text c="dimmed" size="sm" ta="center" p="xl" data-testid="agenda-empty">{t('agenda.empty')}</Text>
              : days.map((day) => {
                const rel = relativeDay(day.at, now);
                return (
                  <section key={day.key} className={`ag-day${rel === 'past' ? ' past' : ''}`} data-testid="agenda-day">
                    <h3>
                      {rel === 'today' ? `${t('agenda.today')} · ` : rel === 'tomorrow' ? `${t('agenda.tomorrow')} · ` : rel === 'past' ? `${t('agenda.overdue')} · ` : ''}
                      {formatDay(day.at, locale)}
                    </h3>
                    <div>
                      {day.items.map((c) => {
                        const overdue = c.at < now;
                        const kind = codeById(codes, c.kindId);
                        return (
                          <div key={c.id} className={`ag-row${overdue ? ' overdue' : ''}`} data-testid="agenda-item" data-overdue={overdue || undefined}>
                            <span className="ag-time" style={{ fontVariantNumeric: 'tabular-nums' }}>{formatTime(c.at, locale)}</span>
                            <Anchor component="button" type="button" size="sm" fw={600} ta="left" truncate data-testid="agenda-firm"
                              onClick={() => navigate({ name: 'firm', id: c.firmId })}>{c.firmName}</Anchor>
                            <span>{c.personName ?? ''}</span>
                            <span className="dim">{kind ? codeLabel(t, kind) : ''}</span>
                            <span title={c.summary}>{c.summary}</span>
                            <span className="dim">{c.referentName}</span>
                          </div>
                        );
                      })}
                    </div>
                  </section>
                );
              })}
      </div>
    </div>
  );
}
