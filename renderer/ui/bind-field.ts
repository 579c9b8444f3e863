// The two things a registered row needs from react-hook-form, looked up by
// one field name: `<RegisteredInput {...bindField(form, 'notes')} />` instead
// of repeating `error={errors.notes?.message} registration={register('notes')}`
// with the chance of pairing one field's error with another's input.
import type { FieldPath, FieldValues, RegisterOptions, UseFormReturn } from 'react-hook-form';

type BindableForm<T extends FieldValues> = Pick<UseFormReturn<T>, 'register' | 'getFieldState' | 'formState'>;

/** `registration` and `error` (an i18n key) of one field, for the Registered* rows. */
export function bindField<T extends FieldValues, N extends FieldPath<T>>(
  form: BindableForm<T>,
  name: N,
  options?: RegisterOptions<T, N>,
) {
  return {
    registration: form.register(name, options),
    // Passing formState subscribes this render to the field's error, as the proxy requires.
    error: form.getFieldState(name, form.formState).error?.message,
  };
}
