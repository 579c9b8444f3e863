import type { UseFormReturn } from 'react-hook-form';
import type { NewCaseFormOutput, NewCaseFormValues } from '../new-case-schema';

/** The intake's react-hook-form instance, passed to each field group. */
export type IntakeForm = UseFormReturn<NewCaseFormValues, unknown, NewCaseFormOutput>;
