// The Printing screen: letter templates (with serial letters), label sheets, envelopes and the
// letterhead. Every document is rendered by the core (print.*) and shown in PrintPreview.
import { useState } from 'react';
import { Tabs, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LettersTab } from './LettersTab.tsx';
import { LabelsTab } from './LabelsTab.tsx';
import { EnvelopesTab } from './EnvelopesTab.tsx';
import { LetterheadTab } from './LetterheadTab.tsx';

const TABS = ['letters', 'labels', 'envelopes', 'letterhead'] as const;
type Tab = (typeof TABS)[number];
/** The tab survives a visit to another screen. */
let keptTab: Tab = 'letters';

/** For a link from elsewhere ("set up the letterhead"): the tab Printing opens on next. */
export function showPrintingTab(tab: Tab): void { keptTab = tab; }

export function Printing() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>(keptTab);
  return (
    <div className="page" data-testid="printing">
      <div className="toolbar">
        <Title order={2} mr="md">{t('printing.title')}</Title>
      </div>
      <div className="page-scroll">
        <Tabs value={tab} keepMounted={false} onChange={(v) => { if (v && (TABS as readonly string[]).includes(v)) { keptTab = v as Tab; setTab(v as Tab); } }}>
          <Tabs.List mb="sm">
            {TABS.map((name) => <Tabs.Tab key={name} value={name} data-testid={`printing-tab-${name}`}>{t(`printing.tabs.${name}`)}</Tabs.Tab>)}
          </Tabs.List>
          <Tabs.Panel value="letters"><LettersTab /></Tabs.Panel>
          <Tabs.Panel value="labels"><LabelsTab /></Tabs.Panel>
          <Tabs.Panel value="envelopes"><EnvelopesTab /></Tabs.Panel>
          <Tabs.Panel value="letterhead"><LetterheadTab /></Tabs.Panel>
        </Tabs>
      </div>
    </div>
  );
}
