// Settings: the office's exchange rates, typed by hand (the app works offline: no rate service).
// The pipeline converts deals with them to compare across currencies; a currency left empty is
// never converted. "1 EUR = 25,20 Kč" reads the way an office writes its rates down.
import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Group, NativeSelect, Stack, Table, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Currency } from '../../shared/types.ts';
import { CURRENCIES } from '../../shared/types.ts';
import { send } from '../api.ts';
import { useApp } from '../store.ts';
import { translateError, useFieldErrors } from '../ui/forms.ts';
import { toast } from '../ui/toast.tsx';
import { useRemote } from '../ui/useRemote.ts';
import { parseDecimal } from './draft.ts';

export function RatesSettings() {
  const { t } = useTranslation();
  const locale = useApp((s) => s.locale);
  const saved = useRemote('rates.get', {}, ['settings']);
  const errs = useFieldErrors(t);
  const [base, setBase] = useState<Currency>('CZK');
  const [texts, setTexts] = useState<Partial<Record<Currency, string>>>({});
  const [asOf, setAsOf] = useState('');
  const [busy, setBusy] = useState(false);
  const number = (n: number) => new Intl.NumberFormat(locale === 'en' ? 'en-GB' : locale, { maximumFractionDigits: 6 }).format(n);

  useEffect(() => {
    const r = saved.data?.rates;
    if (!r) return;
    setBase(r.base);
    setTexts(Object.fromEntries(Object.entries(r.rates).map(([c, v]) => [c, number(v)])));
    setAsOf(r.asOf ?? '');
    // Only when the saved rates change; the locale's number format follows on the next load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [saved.data]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    const rates: Partial<Record<Currency, number>> = {};
    const bad: Record<string, { code: 'validation'; messageKey: string; field: string }> = {};
    for (const c of CURRENCIES) {
      const text = (texts[c] ?? '').trim();
      if (c === base || text === '') continue;
      const v = parseDecimal(text, locale);
      if (v === null || !(v > 0)) bad[`rates.${c}`] = { code: 'validation', messageKey: 'errors.rate', field: `rates.${c}` };
      else rates[c] = v;
    }
    if (!errs.show(bad)) return;
    const input = { base, rates, asOf: asOf || null };
    if (!errs.check('rates.set', input)) return;
    setBusy(true);
    try {
      await send('rates.set', input);
      saved.reload();
      toast(t('rates.saved'));
    } catch (err) {
      errs.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="panel" data-testid="settings-rates">
      <form onSubmit={(e) => void save(e)}>
        <div className="panel-title">
          <h3>{t('rates.title')}</h3>
        </div>
        <Text size="xs" c="dimmed" mb="xs">{t('rates.hint')}</Text>
        <Stack gap="xs">
          {errs.general && <Alert color="red">{translateError(t, errs.general)}</Alert>}
          <Group align="end">
            <NativeSelect label={t('rates.base')} data-testid="rates-base" value={base} data={[...CURRENCIES]}
              onChange={(e) => setBase(e.currentTarget.value as Currency)} error={errs.field('base')} />
            <TextInput type="date" label={t('rates.as_of')} data-testid="rates-as-of" value={asOf}
              onChange={(e) => setAsOf(e.currentTarget.value)} error={errs.field('asOf')} />
          </Group>
          <Table>
            <Table.Tbody>
              {CURRENCIES.filter((c) => c !== base).map((c) => (
                <Table.Tr key={c}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>1 {c} =</Table.Td>
                  <Table.Td>
                    <TextInput size="xs" data-testid={`rates-${c}`} aria-label={t('rates.rate_of', { currency: c, base })}
                      value={texts[c] ?? ''} placeholder={t('rates.not_converted')} error={errs.field(`rates.${c}`)}
                      onChange={(e) => { const v = e.currentTarget.value; setTexts((x) => ({ ...x, [c]: v })); errs.clear(`rates.${c}`); }} />
                  </Table.Td>
                  <Table.Td>{base}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="end">
            <Button type="submit" size="xs" loading={busy} data-testid="rates-save">{t('rates.save')}</Button>
          </Group>
        </Stack>
      </form>
    </section>
  );
}
