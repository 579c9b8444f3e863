import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { legalRegime } from '../../../../shared/domain/legal';
import { enumKey } from '../../../i18n';
import { missionsFor } from '../../../reference/missions';
import { CountryOptions } from '../../../ui/country-options';
import { bindField } from '../../../ui/bind-field';
import { RegisteredEnumSelect, RegisteredInput, RegisteredSelect } from '../../../ui/registered-fields';
import { limitsOf } from '../../../ui/schema-limits';
import { LegalRegimeNote } from '../legal-regime-note';
import { NewCaseForm } from '../new-case-schema';
import { Group } from './group';
import type { IntakeForm } from './intake-types';

/** The worker as in the passport, with identity numbers, sector and route. */
export function WorkerGroup({ form }: { form: IntakeForm }) {
  const { t } = useTranslation();
  const text = (name: 'workerName' | 'aliases' | 'workerCardNumber', label: string, hint?: string) => (
    <RegisteredInput
      id={`nc-${name}`}
      label={label}
      hint={hint}
      {...bindField(form, name)}
      {...limitsOf(NewCaseForm, name)}
    />
  );
  const choose = (id: string, name: 'sex' | 'jobSector' | 'departureRoute', label: string) => (
    <RegisteredEnumSelect
      id={id}
      label={label}
      enumName={name}
      placeholder={t('caseForm.selectPlaceholder')}
      {...bindField(form, name)}
    />
  );
  return (
    <Group index={3} title={t('caseForm.sectionWorker')}>
      {text('workerName', t('caseForm.workerName'))}
      {text('aliases', t('intake.aliases'), t('intake.aliasesHint'))}
      {choose('nc-sex', 'sex', t('intake.sex'))}
      <RegisteredInput
        id="nc-passport"
        label={t('caseForm.passportNumber')}
        inputClassName="input--code"
        {...bindField(form, 'passportNumber')}
      />
      <RegisteredInput
        id="nc-worker-nik"
        label={t('caseForm.workerNik')}
        inputMode="numeric"
        {...bindField(form, 'workerNik')}
      />
      {text('workerCardNumber', t('intake.workerCard'), t('intake.workerCardHint'))}
      <RegisteredInput
        id="nc-worker-phone"
        label={t('intake.workerPhone')}
        type="tel"
        {...bindField(form, 'workerPhone')}
      />
      {choose('nc-sector', 'jobSector', t('intake.jobSector'))}
      {choose('nc-route', 'departureRoute', t('intake.departureRoute'))}
    </Group>
  );
}

/** Destination, mission and departure date, with the legal regime that date puts the case under. */
export function DestinationGroup({ form }: { form: IntakeForm }) {
  const { t } = useTranslation();
  const { watch, setValue } = form;
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
      <RegisteredSelect
        id="nc-country"
        label={t('caseForm.destinationCountry')}
        {...bindField(form, 'destinationCountry')}
      >
        <option value="">{t('caseForm.selectPlaceholder')}</option>
        <CountryOptions />
      </RegisteredSelect>
      <RegisteredSelect
        id="nc-mission"
        label={t('caseForm.mission')}
        disabled={missions.length === 0}
        {...bindField(form, 'missionId')}
      >
        <option value="">{t('caseForm.selectPlaceholder')}</option>
        {missions.map((mission) => (
          <option key={mission.id} value={mission.id}>
            {`${t(enumKey('missionKind', mission.kind))} — ${mission.city}`}
          </option>
        ))}
      </RegisteredSelect>
      <RegisteredInput
        id="nc-departure"
        label={t('caseForm.departureDate')}
        type="date"
        {...bindField(form, 'departureDate')}
      />
      <LegalRegimeNote regime={legalRegime(departure)} />
    </Group>
  );
}
