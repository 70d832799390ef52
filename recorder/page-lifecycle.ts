/**
 * @module recorder/page-lifecycle
 * The page events the recorder reacts to, behind one subscribe/unsubscribe.
 */
export interface PageLifecycleHandlers {
  /** The page became hidden (tab switch, minimise, or the start of leaving). */
  onHidden(): void;
  /** The page is being left or put in the back/forward cache: synchronous work only. */
  onPageHide(): void;
  /** The page came back from the back/forward cache. */
  onRestored(): void;
  /** The network is back. */
  onOnline(): void;
}

export function watchPageLifecycle(handlers: PageLifecycleHandlers): () => void {
  const visibility = () => {
    if (document.visibilityState === 'hidden') handlers.onHidden();
  };
  const pagehide = () => handlers.onPageHide();
  const pageshow = (event: PageTransitionEvent) => {
    if (event.persisted) handlers.onRestored();
  };
  const online = () => handlers.onOnline();
  document.addEventListener('visibilitychange', visibility);
  addEventListener('pagehide', pagehide);
  addEventListener('pageshow', pageshow);
  addEventListener('online', online);
  return () => {
    document.removeEventListener('visibilitychange', visibility);
    removeEventListener('pagehide', pagehide);
    removeEventListener('pageshow', pageshow);
    removeEventListener('online', online);
  };
}
