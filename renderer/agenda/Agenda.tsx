// Planned contacts, mine, everyone's or one colleague's (standing in for someone on leave),
// grouped by the user's calendar day; overdue in red.
import { useMemo } from 'react';
import { Anchor, Center, Loader, NativeSelect, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Input } from '../../shared/contract.ts';
import type { Contact } from '../../shared/types.ts';
import { localUser, useApp } from '../store.ts';
import { codeById, codeLabel, dayKey, formatDay, formatTime, relativeDay } from '../ui/format.ts';
import { translateError } from '../ui/forms.ts';
import { useRemote } from '../ui/useRemote.ts';
import { create } from 'zustand';

/** 'mine', 'all', or a colleague's user id. Kept outside the view so it survives a visit to a card. */
const useScope = create<{ scope: string; set(s: string): void }>()((set) => ({
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
  const users = useApp((s) => s.users);
  const me = useApp(localUser);
  const tzOffset = -new Date().getTimezoneOffset();
  const colleagues = useMemo(() => {
    const collator = new Intl.Collator(locale);
    return users.filter((u) => u.id !== me?.id).sort((a, b) => collator.compare(a.name, b.name));
  }, [users, me?.id, locale]);
  // A colleague who is no longer in the list falls back to my own agenda.
  const whose = scope === 'mine' || scope === 'all' || colleagues.some((u) => u.id === scope) ? scope : 'mine';
  const input: Input<'agenda.list'> = whose === 'mine' || whose === 'all' ? { scope: whose, tzOffset } : { scope: 'all', userId: whose, tzOffset };
  const list = useRemote('agenda.list', input, ['contacts', 'firms', 'people', 'users']);

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
        <NativeSelect
          data-testid="agenda-user"
          aria-label={t('screens.agenda.whose')}
          size="xs"
          style={{ minWidth: 200 }}
          value={whose}
          onChange={(e) => setScope(e.currentTarget.value)}
          data={[
            { value: 'mine', label: t('agenda.mine') },
            { value: 'all', label: t('agenda.all') },
            ...(colleagues.length ? [{ group: t('screens.agenda.colleague'), items: colleagues.map((u) => ({ value: u.id, label: u.name })) }] : []),
          ]}
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
