import { useEffect, useRef, type RefObject } from 'react';

/**
 * Returns a scrolled list to its top when `key` changes (issue 17): a new filter or sort is a
 * new list, and keeping the old scroll offset showed the middle of it (or blank space past its end).
 * The first render keeps whatever offset the list starts with.
 */
export function useListTopOnChange(
  scrollRef: RefObject<HTMLElement | null>,
  key: string,
  reset?: () => void,
) {
  const previous = useRef(key);
  useEffect(() => {
    if (previous.current === key) return;
    previous.current = key;
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    reset?.();
  }, [key, scrollRef, reset]);
}
