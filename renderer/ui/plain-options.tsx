/** One <option> per value, labelled with the value itself (currency codes, user ids). */
export function PlainOptions({ values }: { values: readonly string[] }) {
  return values.map((value) => (
    <option key={value} value={value}>
      {value}
    </option>
  ));
}
