import type { CDPSession } from 'playwright-core';
import { TargetSessions, type TargetInfo } from './target-sessions';

/** One Content Security Policy violation Chromium reported, and where. */
export interface CspViolation {
  /** `page`, `iframe`, `service_worker`, … */
  targetType: string;
  /** The page or worker it happened in (for a content script: the web page it runs in). */
  targetUrl: string;
  directive: string;
  /** Chromium's kind, e.g. `kEvalViolation`, `kInlineViolation`, `kURLViolation`. */
  violationType: string;
  blockedUrl?: string;
  /** The script that was refused, when Chromium knows it. */
  sourceUrl?: string;
  reportOnly: boolean;
}

interface CspIssueDetails {
  violatedDirective: string;
  contentSecurityPolicyViolationType: string;
  isReportOnly: boolean;
  blockedURL?: string;
  sourceCodeLocation?: { url: string };
}

interface IssueAddedParams {
  issue: { code: string; details: { contentSecurityPolicyIssueDetails?: CspIssueDetails } };
}

/**
 * Collects CSP violations from every page, frame and worker, the extension's service worker included,
 * through DevTools issues. Console text is not enough: Chromium reports a refused `eval`/`new Function`
 * only as an exception (often caught, as zod's feature probe does), while an issue is always raised.
 * Audits.enable also replays the issues a target raised before we attached, so a violation during a
 * worker's startup is not missed.
 */
export class CspCollector {
  private readonly found: CspViolation[] = [];
  private sessions: TargetSessions | undefined;

  static async start(browserSession: CDPSession): Promise<CspCollector> {
    const collector = new CspCollector();
    collector.sessions = await TargetSessions.start(browserSession, ['Audits.enable'], (target, method, params) =>
      collector.onEvent(target, method, params),
    );
    return collector;
  }

  /** The violations so far, after waiting briefly for the ones each target has already reported. */
  async violations(): Promise<CspViolation[]> {
    await this.sessions?.broadcast('Runtime.getIsolateId', 500);
    return [...this.found];
  }

  private onEvent(target: TargetInfo, method: string, params: unknown): void {
    if (method !== 'Audits.issueAdded') return;
    const { issue } = params as IssueAddedParams;
    const details = issue.details.contentSecurityPolicyIssueDetails;
    if (issue.code !== 'ContentSecurityPolicyIssue' || !details) return;
    this.found.push({
      targetType: target.type,
      targetUrl: target.url,
      directive: details.violatedDirective,
      violationType: details.contentSecurityPolicyViolationType,
      blockedUrl: details.blockedURL,
      sourceUrl: details.sourceCodeLocation?.url,
      reportOnly: details.isReportOnly,
    });
  }
}
