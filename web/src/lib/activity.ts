/**
 * When the person last did something (pointer, key, scroll, touch). The dashboard refreshes
 * itself every few seconds; those background requests are marked passive so they do not keep an
 * unattended session alive: idle expiry counts the person's activity, not the timer's.
 */
let lastActivity = Date.now();

/** A request made this long after the last activity is passive. */
export const PASSIVE_AFTER_MS = 60_000;

const mark = () => {
  lastActivity = Date.now();
};

if (typeof window !== 'undefined') {
  for (const type of ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const)
    window.addEventListener(type, mark, { passive: true, capture: true });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') mark();
  });
}

export function isPassive(now = Date.now()): boolean {
  return now - lastActivity > PASSIVE_AFTER_MS;
}
