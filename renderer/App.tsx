import { useEffect } from 'react';
import { Alert, Center, Loader, MantineProvider, NavLink, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LOCALES } from '../shared/types.ts';
import { theme } from './theme.ts';
import { localUser, startAppSync, useApp } from './store.ts';
import { LANGUAGE_NAMES, isLocale } from './i18n/index.ts';
import { FirmList } from './firms/FirmList.tsx';
import { FirmCardView } from './firms/FirmCard.tsx';
import { Agenda } from './agenda/Agenda.tsx';
import { Leads } from './leads/Leads.tsx';
import { Segments } from './segments/Segments.tsx';
import { SegmentCardView } from './segments/SegmentCard.tsx';
import { Duplicates } from './duplicates/Duplicates.tsx';
import { Incomplete } from './quality/Incomplete.tsx';
import { Settings } from './settings/Settings.tsx';
import { Pipeline } from './opportunities/Pipeline.tsx';
import { OpportunityView } from './opportunities/OpportunityView.tsx';
import { Neglected } from './rules/Neglected.tsx';
import { SalesImport } from './sales/SalesImport.tsx';
import { Mailing } from './mailing/Mailing.tsx';
import { Printing } from './printing/Printing.tsx';
import { Trash } from './trash/Trash.tsx';
import { ReminderBell } from './reminders/ReminderBell.tsx';
import { CoreNotice } from './ui/CoreNotice.tsx';
import { BackupNotices } from './backups/BackupNotices.tsx';
import { FirstStart } from './settings/FirstStart.tsx';
import { SyncStatus } from './sync/SyncStatus.tsx';
import type { Route } from './store.ts';

type SimpleRoute = Exclude<Route, { id: string }>['name'];

/** The sidebar: each entry, the routes that light it up, and its icon. */
const NAV: { route: SimpleRoute; testid: string; label: string; icon: string; also?: Route['name'][]; section?: string }[] = [
  { route: 'firms', testid: 'nav-firms', label: 'nav.firms', icon: '▤', also: ['firm'] },
  { route: 'leads', testid: 'nav-leads', label: 'screens.nav.leads', icon: '✉' },
  { route: 'segments', testid: 'nav-segments', label: 'screens.nav.segments', icon: '◈', also: ['segment'] },
  { route: 'agenda', testid: 'nav-agenda', label: 'nav.agenda', icon: '◷' },
  { route: 'pipeline', testid: 'nav-pipeline', label: 'selling.nav.pipeline', icon: '▥', also: ['opportunity'] },
  { route: 'neglected', testid: 'nav-neglected', label: 'selling.nav.neglected', icon: '◌' },
  { route: 'sales-import', testid: 'nav-sales-import', label: 'selling.nav.sales_import', icon: '⇪' },
  { route: 'mailing', testid: 'nav-mailing', label: 'mailing.nav', icon: '◫' },
  { route: 'printing', testid: 'nav-printing', label: 'printing.nav', icon: '▦' },
  { route: 'duplicates', testid: 'nav-duplicates', label: 'screens.nav.duplicates', icon: '⇄', section: 'screens.nav.quality' },
  { route: 'incomplete', testid: 'nav-incomplete', label: 'screens.nav.incomplete', icon: '◔' },
  { route: 'trash', testid: 'nav-trash', label: 'trash.nav', icon: '♻' },
  { route: 'settings', testid: 'nav-settings', label: 'screens.nav.settings', icon: '⚙', section: '' },
];

export function App() {
  useEffect(() => startAppSync(), []);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Shell />
    </MantineProvider>
  );
}

function Shell() {
  const { t } = useTranslation();
  const route = useApp((s) => s.route);
  const navigate = useApp((s) => s.navigate);
  const locale = useApp((s) => s.locale);
  const setLocale = useApp((s) => s.setLocale);
  const me = useApp(localUser);
  const loaded = useApp((s) => s.loaded);
  const loadError = useApp((s) => s.loadError);

  useEffect(() => { document.title = t('app.title'); }, [t, locale]);

  return (
    <div className="shell">
      <nav className="sidebar" aria-label={t('nav.label')}>
        <div className="brand">{t('app.title')}<ReminderBell /></div>
        <Stack gap={2} className="nav-links">
          {NAV.map((n) => (
            <div key={n.route}>
              {n.section !== undefined && (n.section ? <div className="nav-section">{t(n.section)}</div> : <div className="nav-gap" />)}
              <NavLink
                data-testid={n.testid}
                href={`#/${n.route}`}
                label={t(n.label)}
                leftSection={<span aria-hidden className="nav-icon">{n.icon}</span>}
                active={route.name === n.route || (n.also ?? []).includes(route.name)}
                onClick={(e) => { e.preventDefault(); navigate({ name: n.route }); }}
              />
            </div>
          ))}
        </Stack>
        <div className="sidebar-bottom">
          <label className="lang-label" htmlFor="lang-select">{t('nav.language')}</label>
          <select
            id="lang-select"
            data-testid="lang-select"
            className="lang-select"
            value={locale}
            onChange={(e) => { if (isLocale(e.target.value)) setLocale(e.target.value); }}
          >
            {LOCALES.map((l) => <option key={l} value={l} lang={l}>{LANGUAGE_NAMES[l]}</option>)}
          </select>
          <SyncStatus />
          <div className="me" data-testid="local-user" title={t('nav.me')}>
            <span aria-hidden className="me-avatar">{(me?.name ?? '?').slice(0, 1)}</span>
            <Text size="sm" truncate>{me?.name ?? ''}</Text>
          </div>
        </div>
      </nav>
      <main className="content">
        <CoreNotice />
        {loaded && !loadError && <BackupNotices />}
        {!loaded ? (
          <Center h="100%"><Loader size="sm" /></Center>
        ) : loadError ? (
          <Center h="100%">
            <Alert color="red" title={t('app.cannot_connect')} maw={480}>{t(loadError)}</Alert>
          </Center>
        ) : (
          <Screen route={route} />
        )}
        <FirstStart />
      </main>
    </div>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'firms': return <FirmList />;
    case 'agenda': return <Agenda />;
    case 'leads': return <Leads />;
    case 'segments': return <Segments />;
    case 'duplicates': return <Duplicates />;
    case 'incomplete': return <Incomplete />;
    case 'settings': return <Settings />;
    case 'pipeline': return <Pipeline />;
    case 'neglected': return <Neglected />;
    case 'sales-import': return <SalesImport />;
    case 'mailing': return <Mailing />;
    case 'printing': return <Printing />;
    case 'trash': return <Trash />;
    case 'opportunity': return <OpportunityView key={route.id} id={route.id} />;
    case 'segment': return <SegmentCardView key={route.id} id={route.id} />;
    case 'firm': return <FirmCardView key={route.id} id={route.id} />;
  }
}
