import { DESTINATION_COUNTRIES } from '../reference/missions';
import { useUiStore } from '../stores/ui-store';

/** One <option> per destination country, named in the current language. */
export function CountryOptions() {
  const language = useUiStore((state) => state.language);
  return DESTINATION_COUNTRIES.map((c) => (
    <option key={c.code} value={c.code}>
      {language === 'id' ? c.nameId : c.nameEn}
    </option>
  ));
}
