import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { FIELD_GROUP_ATTRIBUTE } from '../../../hooks/use-field-groups';

/** One numbered field group of the intake; Alt+<number> jumps here. */
export function Group({
  index,
  title,
  className,
  children,
}: {
  index: number;
  title: string;
  className?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <fieldset
      className={`form__group${className ? ` ${className}` : ''}`}
      {...{ [FIELD_GROUP_ATTRIBUTE]: index }}
    >
      <legend>
        {title} <kbd className="form__group-key">{t('intake.groupKey', { n: index })}</kbd>
      </legend>
      {children}
    </fieldset>
  );
}
