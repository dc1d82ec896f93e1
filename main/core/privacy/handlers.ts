// Data-protection requests (issue 15): show everything held about a person or a firm (as data
// for the JSON download and as a printable document), and erase their personal data.
import type { HandlerMap } from '../handler-types.ts';
import { exportFileName } from '../mailing/export.ts';
import { loadSubjectReport, resolveSubject } from './report.ts';
import { renderSubjectReport, subjectName, PRIVACY_TEXTS } from './render.ts';
import { eraseSubject } from './erase.ts';

export const privacyHandlers: Pick<HandlerMap, 'privacy.report' | 'privacy.erase'> = {
  'privacy.report': async (input, ctx) => {
    const report = await loadSubjectReport(ctx, await resolveSubject(ctx, input), input.locale);
    const t = PRIVACY_TEXTS[input.locale];
    const name = subjectName(report);
    const title = `${report.kind === 'firm' ? t.title_firm : t.title_person}: ${name}`;
    return {
      report,
      doc: { title, html: renderSubjectReport(report, input.locale), count: 1, skipped: [] },
      fileName: exportFileName(name, ctx.now(), 'json'),
    };
  },

  'privacy.erase': async (input, ctx) => eraseSubject(ctx, await resolveSubject(ctx, input), { locale: input.locale, consents: input.consents }),
};
