import type { ComponentPropsWithRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ENUMS } from '../../shared/domain/enums';
import type { EnumName } from '../../shared/domain/enums';
import { enumKey } from '../i18n';

type EnumSelectProps = ComponentPropsWithRef<'select'> & {
  enumName: EnumName;
  /** Restrict to these codes (e.g. the statuses the workflow allows next); default: every code. */
  codes?: readonly string[];
  /** Adds an empty first option with this label. */
  placeholder?: string;
};

/** A <select> over one domain enum, labelled in the current language. */
export function EnumSelect({ enumName, codes, placeholder, ...props }: EnumSelectProps) {
  const { t } = useTranslation();
  const options: readonly string[] = codes ?? ENUMS[enumName];
  return (
    <select {...props}>
      {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
      {options.map((code) => (
        <option key={code} value={code}>
          {t(enumKey(enumName, code))}
        </option>
      ))}
    </select>
  );
}
