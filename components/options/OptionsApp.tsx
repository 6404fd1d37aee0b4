/**
 * The options page: plain sections with headings (Sources, Sync, Sites, Privacy & data, Import,
 * About), each reachable by its anchor (`options.html#import` from the welcome page).
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Settings } from '@/lib/model/settings';
import { getSettings, watchSettings } from '@/lib/settings-client';
import { AboutSection } from './AboutSection';
import { ImportSection, type ImportServices, type RunningImports } from './ImportSection';
import { PrivacySection } from './PrivacySection';
import { SitesSection } from './SitesSection';
import { SourcesSection } from './SourcesSection';
import { m, type OptionsMessageKey } from './strings';
import { SyncSection } from './SyncSection';

const SECTIONS: { id: string; title: OptionsMessageKey }[] = [
  { id: 'sources', title: 'options_sources' },
  { id: 'sync', title: 'options_sync' },
  { id: 'sites', title: 'options_sites' },
  { id: 'privacy', title: 'options_privacy' },
  { id: 'import', title: 'options_import' },
  { id: 'about', title: 'options_about' },
];

export function OptionsApp({ services }: { services: ImportServices }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  /** The import running on this page, which "Delete everything" stops first. */
  const runningImports = useRef<RunningImports>(new Set()).current;

  useEffect(() => {
    void getSettings().then(setSettings);
    // Another page (the welcome page, a card's "mute") may change settings while this one is open.
    return watchSettings(setSettings);
  }, []);

  // The sections exist only after the first render, so the browser could not scroll to the anchor itself.
  useEffect(() => {
    if (settings && location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  }, [Boolean(settings)]);

  if (!settings) return <p class="muted">{m('options_loading')}</p>;
  const section = (id: string, children: ComponentChildren) => {
    const title = SECTIONS.find((s) => s.id === id)!.title;
    return (
      <section id={id} aria-labelledby={`${id}-heading`}>
        <h2 id={`${id}-heading`}>{m(title)}</h2>
        {children}
      </section>
    );
  };
  return (
    <div class="options">
      <header>
        <h1>{m('options_title')}</h1>
        <nav aria-label={m('options_sectionsNav')}>
          {SECTIONS.map((s) => (
            <a key={s.id} href={`#${s.id}`}>
              {m(s.title)}
            </a>
          ))}
        </nav>
      </header>
      <main>
        {section('sources', <SourcesSection settings={settings} onSettings={setSettings} />)}
        {section('sync', <SyncSection settings={settings} />)}
        {section('sites', <SitesSection settings={settings} onSettings={setSettings} />)}
        {section('privacy', <PrivacySection settings={settings} onSettings={setSettings} runningImports={runningImports} />)}
        {section('import', <ImportSection services={services} keepDays={settings.retentionDays} runningImports={runningImports} />)}
        {section('about', <AboutSection />)}
      </main>
    </div>
  );
}
