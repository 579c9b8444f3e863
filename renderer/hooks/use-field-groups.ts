// Keyboard jumps between the field groups of a long form (the intake): Alt+1..9
// goes to the nth group, Ctrl+ArrowDown / Ctrl+ArrowUp to the next / previous
// one. A group is any element with data-field-group inside `root`.
import { useEffect } from 'react';
import type { RefObject } from 'react';

export const FIELD_GROUP_ATTRIBUTE = 'data-field-group';
const FOCUSABLE =
  'input:not([disabled]), select:not([disabled]), textarea:not([disabled]), button:not([disabled])';

/** Index of the group to focus for a key press, or null when the key is not a group jump. */
export function groupJumpTarget(
  event: Pick<KeyboardEvent, 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'key' | 'code'>,
  current: number,
  count: number,
): number | null {
  let target: number | null = null;
  const digit = /^Digit([1-9])$/.exec(event.code);
  if (event.altKey && !event.ctrlKey && !event.metaKey && digit) target = Number(digit[1]) - 1;
  else if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key === 'ArrowDown')
    target = current + 1;
  else if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key === 'ArrowUp')
    target = Math.max(0, current - 1);
  return target !== null && target >= 0 && target < count ? target : null;
}

export function useFieldGroups(root: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const container = root.current;
      if (!container) return;
      const groups = [...container.querySelectorAll<HTMLElement>(`[${FIELD_GROUP_ATTRIBUTE}]`)];
      const current = groups.findIndex((group) => group.contains(document.activeElement));
      const target = groupJumpTarget(event, current, groups.length);
      if (target === null) return;
      event.preventDefault();
      const group = groups[target];
      group?.querySelector<HTMLElement>(FOCUSABLE)?.focus();
      group?.scrollIntoView({ block: 'nearest' });
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [root]);
}
