import type { CDPSession } from 'playwright-core';

/**
 * Our own DevTools sessions to every page, frame and worker of the browser, service workers included.
 *
 * Playwright cannot open a CDP session to a service worker, and the sessions it opens are flat ones
 * whose messages it routes only to itself. So this attaches from the browser session in non-flat mode:
 * commands go out through Target.sendMessageToTarget and everything comes back through
 * Target.receivedMessageFromTarget. A service worker keeps its target (and our session) when it is
 * stopped and started again, so one attachment sees every run of the worker.
 */

export interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

export type TargetEventListener = (target: TargetInfo, method: string, params: unknown) => void;

const WATCHED_TYPES = new Set(['page', 'iframe', 'service_worker', 'worker', 'shared_worker']);

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
}

interface CdpReply {
  id?: number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { message: string };
}

export class TargetSessions {
  private readonly targets = new Map<string, TargetInfo>();
  private readonly sessionsByTarget = new Map<string, string>();
  private readonly targetsBySession = new Map<string, string>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  private constructor(
    private readonly browserSession: CDPSession,
    /** Domains to enable in each attached target, e.g. `Audits.enable`. */
    private readonly enableCommands: string[],
    private readonly onEvent: TargetEventListener,
  ) {}

  static async start(
    browserSession: CDPSession,
    enableCommands: string[],
    onEvent: TargetEventListener,
  ): Promise<TargetSessions> {
    const sessions = new TargetSessions(browserSession, enableCommands, onEvent);
    browserSession.on('Target.targetCreated', ({ targetInfo }) => void sessions.track(targetInfo));
    browserSession.on('Target.targetInfoChanged', ({ targetInfo }) => void sessions.track(targetInfo));
    browserSession.on('Target.detachedFromTarget', ({ sessionId }) => sessions.forget(sessionId));
    browserSession.on('Target.receivedMessageFromTarget', ({ sessionId, message }) =>
      sessions.receive(sessionId, message),
    );
    // Reports every existing target as created, then keeps reporting new ones.
    await browserSession.send('Target.setDiscoverTargets', { discover: true });
    return sessions;
  }

  /**
   * Sends a command to every attached target and waits (up to `timeoutMs`) for the answers. Since a
   * target's events arrive before its answer, this also flushes the events it had already emitted.
   */
  async broadcast(method: string, timeoutMs: number): Promise<void> {
    const sessionIds = [...this.sessionsByTarget.values()];
    await Promise.all(sessionIds.map((sessionId) => this.send(sessionId, method, timeoutMs).catch(() => {})));
  }

  private async track(info: TargetInfo): Promise<void> {
    if (!WATCHED_TYPES.has(info.type)) return;
    const known = this.targets.has(info.targetId);
    this.targets.set(info.targetId, { targetId: info.targetId, type: info.type, url: info.url });
    if (known) return;
    try {
      const { sessionId } = await this.browserSession.send('Target.attachToTarget', {
        targetId: info.targetId,
        flatten: false,
      });
      this.sessionsByTarget.set(info.targetId, sessionId);
      this.targetsBySession.set(sessionId, info.targetId);
      for (const method of this.enableCommands) await this.send(sessionId, method, 5_000);
    } catch {
      // The target closed before we got to it (a page that navigated away, a browser shutting down).
    }
  }

  private forget(sessionId: string): void {
    const targetId = this.targetsBySession.get(sessionId);
    this.targetsBySession.delete(sessionId);
    if (targetId === undefined) return;
    this.sessionsByTarget.delete(targetId);
    this.targets.delete(targetId);
  }

  private send(sessionId: string, method: string, timeoutMs: number): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method} timed out`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (result) => (clearTimeout(timer), resolve(result)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      this.browserSession
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) })
        .catch((error: Error) => this.pending.get(id)?.reject(error));
    });
  }

  private receive(sessionId: string, raw: string): void {
    const message = JSON.parse(raw) as CdpReply;
    if (message.id !== undefined) {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) pending?.reject(new Error(message.error.message));
      else pending?.resolve(message.result);
      return;
    }
    const targetId = this.targetsBySession.get(sessionId);
    const target = targetId === undefined ? undefined : this.targets.get(targetId);
    if (target && message.method) this.onEvent(target, message.method, message.params);
  }
}
