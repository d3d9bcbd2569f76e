import { type RefObject, useEffect, useEffectEvent } from "react";

/**
 * Calls `onVisible` when the element scrolls into view (infinite lists: "load more" sentinels).
 * A new `watch` value looks again: a sentinel still in view after a page loaded loads the next.
 */
export function useOnVisible(
  ref: RefObject<Element | null>,
  onVisible: () => void,
  enabled: boolean,
  watch?: unknown,
) {
  const callback = useEffectEvent(onVisible);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `watch` only re-runs the observer
  useEffect(() => {
    const element = ref.current;
    if (!element || !enabled) return;
    // A margin starts loading a little before the user reaches the end.
    const observer = new IntersectionObserver(
      (entries) => entries.some((entry) => entry.isIntersecting) && callback(),
      { rootMargin: "200px" },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, enabled, watch]);
}
