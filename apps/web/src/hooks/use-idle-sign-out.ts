import { useEffect, useRef } from 'react';

/** Minutes without keyboard, pointer or scroll activity before a shared ward computer signs out (build setting, default 15). */
export const IDLE_SIGN_OUT_MINUTES = Number(import.meta.env.VITE_IDLE_SIGN_OUT_MINUTES ?? 15) || 15;
const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;
export const IDLE_FLAG = 'eid.signedOutIdle';

/** Signs out after IDLE_SIGN_OUT_MINUTES of inactivity; the login page then says why. */
export function useIdleSignOut(signOut: () => void, minutes = IDLE_SIGN_OUT_MINUTES): void {
  // The latest callback without restarting the timer on every render (re-renders are not activity).
  const latest = useRef(signOut);
  latest.current = signOut;
  useEffect(() => {
    let timer = window.setTimeout(fire, minutes * 60_000);
    function fire() {
      sessionStorage.setItem(IDLE_FLAG, String(minutes));
      latest.current();
    }
    const reset = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(fire, minutes * 60_000);
    };
    ACTIVITY.forEach((e) => window.addEventListener(e, reset, { passive: true }));
    return () => {
      window.clearTimeout(timer);
      ACTIVITY.forEach((e) => window.removeEventListener(e, reset));
    };
  }, [minutes]);
}
