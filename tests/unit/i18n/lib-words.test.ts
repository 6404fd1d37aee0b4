/**
 * The words lib/ builds for the rep come out in the UI language (docs/architecture.md, "Languages"):
 * source errors, connection tests and sync outcomes in the background, import reasons on the page
 * from the problems the import worker names.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import english from '@/public/_locales/en/messages.json';
import { type MessageEntry, useFallbackMessages } from '@/lib/i18n';
import { describeProblems, importText, rejectedRowsCsv, rowReason } from '@/lib/import';
import { HUBSPOT_WORDS } from '@/lib/sources/hubspot/client';
import { HttpError, toOutcome, toSourceError } from '@/lib/sources/http';
import { AccessNotGranted, SourceError } from '@/lib/sources/types';
import { problem } from '@/lib/import/reasons';
import { schemaIssueText } from '@/lib/connectors/catalog';
import { HubSpotConnection } from '@/lib/sources/hubspot/definition';
import { SalesforceConnection } from '@/lib/sources/salesforce/definition';
import { WebhookConnection } from '@/lib/sources/webhook/definition';

function browserIn(language: string): void {
  const table = JSON.parse(readFileSync(`public/_locales/${language}/messages.json`, 'utf8')) as Record<string, MessageEntry>;
  useFallbackMessages(table);
  vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue(language);
}

afterEach(() => {
  vi.restoreAllMocks();
  useFallbackMessages(english);
});

const status = (code: number, body?: unknown) => new HttpError({ kind: 'status', status: code, body });

describe('source errors', () => {
  it('are German in a German browser, the service named as it is', () => {
    browserIn('de');
    expect((toSourceError(status(401), HUBSPOT_WORDS) as SourceError).message).toBe('HubSpot hat das Token abgelehnt (401) – prüfen Sie es in den Optionen');
    expect((toSourceError(new HttpError({ kind: 'timeout' }), HUBSPOT_WORDS) as SourceError).message).toBe('HubSpot hat nicht rechtzeitig geantwortet');
    expect((toSourceError(status(400, { message: 'Property "x" does not exist' }), HUBSPOT_WORDS) as SourceError).message).toBe(
      'HubSpot hat die Anfrage abgelehnt (400): Property "x" does not exist',
    );
    expect(toOutcome(status(503), HUBSPOT_WORDS, false)).toEqual({ kind: 'retry', error: 'HubSpot ist nicht verfügbar (503)' });
  });

  it('a missing grant is told by its class whatever the language, and worded in it', () => {
    browserIn('de');
    const refused = toSourceError(new HttpError({ kind: 'refused', reason: 'no-access', sent: false }), HUBSPOT_WORDS);
    expect(refused).toBeInstanceOf(AccessNotGranted);
    expect((refused as SourceError).message).toBe('Zugriff nicht erteilt – erteilen Sie ihn in den Optionen');
  });

  it('French puts a no-break space before the colon', () => {
    browserIn('fr');
    expect((toSourceError(status(400, { message: 'Bad' }), HUBSPOT_WORDS) as SourceError).message).toBe('HubSpot a refusé la requête (400)\u00a0: Bad');
  });

  it('stay in English wording in English', () => {
    expect((toSourceError(status(401), HUBSPOT_WORDS) as SourceError).message).toBe('HubSpot rejected the token (401) — check it in Options');
  });
});

describe('import reasons', () => {
  const file = ['email,lead_score,event_type,occurred_at', 'not-an-email,seventy,emial_open,yesterday'].join('\n');

  it('are named by the import and worded in German on a German page, suggestion included', async () => {
    const summary = await importText(file, 'bad.csv');
    expect(summary.rejectedRows[0]!.problems.map((p) => p.key)).toEqual([
      'importReason_notEmail',
      'importReason_notNumber',
      'importReason_eventTypeMeant',
      'importReason_notDate',
    ]);
    browserIn('de');
    expect(rowReason(summary.rejectedRows[0]!)).toBe(
      'email „not-an-email“ ist keine E-Mail-Adresse; lead_score „seventy“ ist keine Zahl; ' +
        'event_type „emial_open“ ist kein Ereignistyp; meinten Sie „email_open“?; occurred_at „yesterday“ ist kein Datum',
    );
    // The download's reason column is in the UI language; its column names stay the file's.
    expect(rejectedRowsCsv(summary).split('\r\n')[1]).toContain('ist keine Zahl');
  });

  it('write numbers in the UI language, and French and Spanish quote their way', () => {
    browserIn('de');
    expect(describeProblems([problem('importReason_recordTooLong', 1_000_000)])).toBe('länger als 1.000.000 Zeichen (die Grenze für einen Datensatz)');
    browserIn('fr');
    expect(describeProblems([problem('importReason_eventTypeMeant', 'pageview', 'page_view'), problem('importReason_needsDate')])).toBe(
      'event_type «\u00a0pageview\u00a0» n’est pas un type d’événement\u00a0; vouliez-vous dire «\u00a0page_view\u00a0»\u00a0?\u00a0; un événement a besoin de occurred_at',
    );
    browserIn('es');
    expect(describeProblems([problem('importFormat_empty')])).toBe('El archivo está vacío.');
  });
});

describe("a connection's settings problems", () => {
  /** As the browser answers: the language's file, the connectors' own keys included (unlike the fallback table, which a connector's English answers before). */
  function browserAnswersIn(language: string): void {
    browserIn(language);
    const table = JSON.parse(readFileSync(`public/_locales/${language}/messages.json`, 'utf8')) as Record<string, MessageEntry>;
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(((key: string, subs?: string | string[]) => {
      const entry = table[key];
      if (!entry) return '';
      const args = ([] as string[]).concat(subs ?? []);
      return entry.message.replace(/\$(\w+)\$/g, (_, name: string) => (entry.placeholders?.[name.toLowerCase()]?.content ?? '').replace(/\$(\d)/g, (__, n: string) => args[Number(n) - 1] ?? ''));
    }) as typeof fakeBrowser.i18n.getMessage);
  }
  const problems = (kind: 'hubspot' | 'salesforce' | 'webhook', config: Record<string, unknown>) => {
    const schema = { hubspot: HubSpotConnection, salesforce: SalesforceConnection, webhook: WebhookConnection }[kind];
    return schema.safeParse(config).error!.issues.map((issue) => schemaIssueText(kind, issue));
  };

  it('are keys in the schemas, worded only when shown', () => {
    expect(HubSpotConnection.safeParse({ baseUrl: 'https://evil.example' }).error!.issues[0]!.message).toBe('hubspot_baseUrlInvalid');
    expect(problems('hubspot', { baseUrl: 'https://evil.example' })).toEqual(["Use HubSpot's API address (https://api.hubapi.com, or your region's api-xxx.hubapi.com)"]);
  });

  it('are German in a German browser: the connector\'s own, the shared address rules, and zod\'s own checks by their code', () => {
    browserAnswersIn('de');
    expect(problems('hubspot', { baseUrl: 'https://evil.example' })).toEqual(['Verwenden Sie die API-Adresse von HubSpot (https://api.hubapi.com oder api-xxx.hubapi.com Ihrer Region)']);
    expect(problems('hubspot', { portalId: 'abc' })).toEqual(['Die Account-ID ist eine Zahl (siehe Ihre HubSpot-URL)']);
    expect(problems('salesforce', { loginHost: 'evil.example' })).toEqual(['Verwenden Sie login.salesforce.com, test.salesforce.com oder Ihre My Domain (name.my.salesforce.com)']);
    expect(problems('webhook', { url: 'http://hooks.example' })).toEqual(['Verwenden Sie eine https://-Adresse (http:// nur für localhost oder 127.0.0.1)']);
    expect(problems('hubspot', { ownerId: 'x'.repeat(51) })).toEqual(['Höchstens 50 Zeichen']);
    expect(problems('hubspot', { useAsSource: 'yes' })).toEqual(['Kein gültiger Wert']);
  });

  it('French puts a no-break space before the colon; Spanish words them too', () => {
    browserAnswersIn('fr');
    expect(problems('webhook', { url: 'https://10.0.0.5/hook' })).toEqual(['Cette adresse est sur un réseau privé ou local\u00a0: confirmez que vous lui faites confiance pour l’utiliser']);
    browserAnswersIn('es');
    expect(problems('salesforce', { contactStageField: '1 bad' })).toEqual(['Usa el nombre de API del campo, p. ej., Lifecycle_Stage__c']);
  });
});

describe('the never-log refusal', () => {
  it('names the entry and the Options section in the UI language', async () => {
    const { refuseNeverLogged } = await import('@/lib/background/log-email');
    const refusal = (language?: string) => {
      if (language) browserIn(language);
      try {
        refuseNeverLogged({ neverLog: ['@northwind.example'] }, ['dana@northwind.example']);
      } catch (error) {
        return (error as Error).message;
      }
      return 'not refused';
    };
    expect(refusal()).toBe('@northwind.example is on your "never log" list (Options → Privacy & data): nothing about them is logged');
    expect(refusal('de')).toBe('@northwind.example steht auf Ihrer Liste „Nie erfassen“ (Optionen → Datenschutz & Daten): Nichts über diese Person wird erfasst');
  });
});
