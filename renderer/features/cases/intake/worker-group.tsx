import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { legalRegime } from '../../../../shared/domain/legal';
import { enumKey } from '../../../i18n';
import { DESTINATION_COUNTRIES, missionsFor } from '../../../reference/missions';
import { useUiStore } from '../../../stores/ui-store';
import { EnumSelect } from '../../../ui/enum-select';
import { Field, describedBy } from '../../../ui/field';
import { LegalRegimeNote } from '../legal-regime-note';
import { Group } from './group';
import type { IntakeForm } from './intake-types';

/** The worker as in the passport, with identity numbers, sector and route. */
export function WorkerGroup({ form }: { form: IntakeForm }) {
  const { t } = useTranslation();
  const { register, formState } = form;
  const err = formState.errors;
  const text = (name: 'workerName' | 'aliases' | 'workerCardNumber', label: string, hint?: string) => (
    <Field id={`nc-${name}`} label={label} error={err[name]?.message} {...(hint ? { hint } : {})}>
      <input
        type="text"
        autoComplete="off"
        {...describedBy(`nc-${name}`, err[name]?.message, hint !== undefined)}
        {...register(name)}
      />
    </Field>
  );
  return (
    <Group index={3} title={t('caseForm.sectionWorker')}>
      {text('workerName', t('caseForm.workerName'))}
      {text('aliases', t('intake.aliases'), t('intake.aliasesHint'))}
      <Field id="nc-sex" label={t('intake.sex')}>
        <EnumSelect
          enumName="sex"
          id="nc-sex"
          placeholder={t('caseForm.selectPlaceholder')}
          {...register('sex')}
        />
      </Field>
      <Field id="nc-passport" label={t('caseForm.passportNumber')} error={err.passportNumber?.message}>
        <input
          type="text"
          autoComplete="off"
          className="input--code"
          {...describedBy('nc-passport', err.passportNumber?.message)}
          {...register('passportNumber')}
        />
      </Field>
      <Field id="nc-worker-nik" label={t('caseForm.workerNik')} error={err.workerNik?.message}>
        <input
          type="text"
          inputMode="numeric"
          autoComplete="off"
          {...describedBy('nc-worker-nik', err.workerNik?.message)}
          {...register('workerNik')}
        />
      </Field>
      {text('workerCardNumber', t('intake.workerCard'), t('intake.workerCardHint'))}
      <Field id="nc-worker-phone" label={t('intake.workerPhone')} error={err.workerPhone?.message}>
        <input
          type="tel"
          autoComplete="off"
          {...describedBy('nc-worker-phone', err.workerPhone?.message)}
          {...register('workerPhone')}
        />
      </Field>
      <Field id="nc-sector" label={t('intake.jobSector')}>
        <EnumSelect
          enumName="jobSector"
          id="nc-sector"
          placeholder={t('caseForm.selectPlaceholder')}
          {...register('jobSector')}
        />
      </Field>
      <Field id="nc-route" label={t('intake.departureRoute')}>
        <EnumSelect
          enumName="departureRoute"
          id="nc-route"
          placeholder={t('caseForm.selectPlaceholder')}
          {...register('departureRoute')}
        />
      </Field>
    </Group>
  );
}

/** Destination, mission and departure date, with the legal regime that date puts the case under. */
export function DestinationGroup({ form }: { form: IntakeForm }) {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const { register, watch, setValue, formState } = form;
  const err = formState.errors;
  const country = watch('destinationCountry');
  const missionId = watch('missionId');
  const departure = watch('departureDate');
  const missions = missionsFor(country);
  useEffect(() => {
    // A mission belongs to one country: changing the country clears a mission that no longer fits.
    if (missionId && !missions.some((mission) => mission.id === missionId)) setValue('missionId', '');
    // The only mission of a country is the obvious choice.
    if (!missionId && missions.length === 1 && missions[0]) setValue('missionId', missions[0].id);
  }, [missionId, missions, setValue]);
  return (
    <Group index={4} title={t('caseForm.sectionDestination')}>
      <Field id="nc-country" label={t('caseForm.destinationCountry')}>
        <select id="nc-country" {...register('destinationCountry')}>
          <option value="">{t('caseForm.selectPlaceholder')}</option>
          {DESTINATION_COUNTRIES.map((c) => (
            <option key={c.code} value={c.code}>
              {language === 'id' ? c.nameId : c.nameEn}
            </option>
          ))}
        </select>
      </Field>
      <Field id="nc-mission" label={t('caseForm.mission')} error={err.missionId?.message}>
        <select
          disabled={missions.length === 0}
          {...describedBy('nc-mission', err.missionId?.message)}
          {...register('missionId')}
        >
          <option value="">{t('caseForm.selectPlaceholder')}</option>
          {missions.map((mission) => (
            <option key={mission.id} value={mission.id}>
              {`${t(enumKey('missionKind', mission.kind))} — ${mission.city}`}
            </option>
          ))}
        </select>
      </Field>
      <Field id="nc-departure" label={t('caseForm.departureDate')} error={err.departureDate?.message}>
        <input
          type="date"
          {...describedBy('nc-departure', err.departureDate?.message)}
          {...register('departureDate')}
        />
      </Field>
      <LegalRegimeNote regime={legalRegime(departure)} />
    </Group>
  );
}
