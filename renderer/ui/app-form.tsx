import type { BaseSyntheticEvent, ComponentPropsWithRef } from 'react';

type AppFormProps = Omit<ComponentPropsWithRef<'form'>, 'onSubmit' | 'noValidate'> & {
  /** What react-hook-form's handleSubmit() returned. */
  onSubmit: (event?: BaseSyntheticEvent) => Promise<void>;
};

/**
 * The console's <form>: always `noValidate`, so a field is checked by the
 * form's zod schema and answered in the app's language under the field, never
 * by the browser's own bubble ("Please fill out this field.").
 */
export function AppForm({ onSubmit, ...props }: AppFormProps) {
  return <form {...props} noValidate onSubmit={(event) => void onSubmit(event)} />;
}
