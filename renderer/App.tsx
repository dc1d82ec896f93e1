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
        <div className="brand">{t('app.title')}</div>
        <Stack gap={2} className="nav-links">
          <NavLink
            data-testid="nav-firms"
            href="#/firms"
            label={t('nav.firms')}
            leftSection={<span aria-hidden>▤</span>}
            active={route.name === 'firms' || route.name === 'firm'}
            onClick={(e) => { e.preventDefault(); navigate({ name: 'firms' }); }}
          />
          <NavLink
            data-testid="nav-agenda"
            href="#/agenda"
            label={t('nav.agenda')}
            leftSection={<span aria-hidden>◷</span>}
            active={route.name === 'agenda'}
            onClick={(e) => { e.preventDefault(); navigate({ name: 'agenda' }); }}
          />
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
          <div className="me" data-testid="local-user" title={t('nav.me')}>
            <span aria-hidden className="me-avatar">{(me?.name ?? '?').slice(0, 1)}</span>
            <Text size="sm" truncate>{me?.name ?? ''}</Text>
          </div>
        </div>
      </nav>
      <main className="content">
        {!loaded ? (
          <Center h="100%"><Loader size="sm" /></Center>
        ) : loadError ? (
          <Center h="100%">
            <Alert color="red" title={t('app.cannot_connect')} maw={480}>{t(loadError)}</Alert>
          </Center>
        ) : route.name === 'firms' ? (
          <FirmList />
        ) : route.name === 'agenda' ? (
          <Agenda />
        ) : (
          <FirmCardView key={route.id} id={route.id} />
        )}
      </main>
    </div>
  );
}
