import { type RefObject, useEffect, useEffectEvent } from "react";

/** Calls `onVisible` whenever the element scrolls into view (infinite lists: "load more" sentinels). */
export function useOnVisible(ref: RefObject<Element | null>, onVisible: () => void, enabled = true) {
  const callback = useEffectEvent(onVisible);
  useEffect(() => {
    const element = ref.current;
    if (!element || !enabled) return;
    // A margin starts loading a little before the user reaches the end.
    const observer = new IntersectionObserver(
      (entries) => entries.some((e) => e.isIntersecting) && callback(),
      {
        rootMargin: "200px",
      },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, enabled]);
}
