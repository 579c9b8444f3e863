import { useTranslation } from 'react-i18next';
import { legalRegime } from '../../../shared/domain/legal';
import type { LocalCase } from '../../db/database';
import { enumKey } from '../../i18n';
import { formatDate, formatDateTime } from '../../i18n/format';
import { countryName, missionById } from '../../reference/missions';
import { useUiStore } from '../../stores/ui-store';
import { LegalRegimeNote } from '../cases/legal-regime-note';
import { Fact, Section } from './section';

export function ReportersSection({ record }: { record: LocalCase }) {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const reporters = Object.entries(record.reporters).sort(([, a], [, b]) => a.order - b.order);
  return (
    <Section id="case-reporters" title={t('caseView.sectionReporters')}>
      {reporters.length === 0 ? <p className="empty">{t('caseView.noReporters')}</p> : null}
      {reporters.map(([key, reporter]) => (
        <dl className="facts facts--card" key={key}>
          <Fact label={t('caseForm.reporterName')}>{reporter.name}</Fact>
          <Fact label={t('caseForm.reporterRole')}>{t(enumKey('reporterRole', reporter.role))}</Fact>
          <Fact label={t('caseForm.relationship')}>{t(enumKey('relationship', reporter.relationship))}</Fact>
          <Fact label={t('caseView.phones')}>
            {reporter.phones.map((p) => `${p.e164}${p.whatsapp ? ' (WA)' : ''}`).join(', ')}
          </Fact>
          <Fact label={t('caseFile.disclosure')}>
            <span className={reporter.mayDisclose ? 'tag tag--ok' : 'tag tag--warn'}>
              {reporter.mayDisclose ? t('caseView.mayDisclose') : t('caseView.mayNotDisclose')}
            </span>
          </Fact>
          <Fact label={t('caseFile.consent')}>
            {reporter.consentAt
              ? t('caseFile.consentAt', { when: formatDateTime(reporter.consentAt, language) })
              : t('caseFile.noConsent')}
          </Fact>
        </dl>
      ))}
    </Section>
  );
}

export function WorkerSection({ record }: { record: LocalCase }) {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const worker = record.worker;
  const mission = missionById(record.missionId);
  return (
    <Section id="case-worker" title={t('caseView.sectionWorker')}>
      <dl className="facts">
        <Fact label={t('caseForm.workerName')}>{worker.fullName}</Fact>
        <Fact label={t('intake.aliases')}>{worker.aliases.join(', ')}</Fact>
        <Fact label={t('caseForm.passportNumber')}>
          {worker.passportNumber ? <span className="mono">{worker.passportNumber}</span> : ''}
        </Fact>
        <Fact label={t('caseForm.workerNik')}>
          {worker.nik ? <span className="mono">{worker.nik}</span> : ''}
        </Fact>
        <Fact label={t('intake.workerCard')}>{worker.workerCardNumber}</Fact>
        <Fact label={t('intake.jobSector')}>
          {worker.jobSector ? t(enumKey('jobSector', worker.jobSector)) : ''}
        </Fact>
        <Fact label={t('intake.departureRoute')}>
          {worker.departureRoute ? t(enumKey('departureRoute', worker.departureRoute)) : ''}
        </Fact>
        <Fact label={t('caseForm.departureDate')}>{formatDate(worker.departureDate, language)}</Fact>
        <Fact label={t('caseForm.destinationCountry')}>
          {countryName(record.destinationCountry, language)}
        </Fact>
        <Fact label={t('caseForm.mission')}>
          {mission ? `${t(enumKey('missionKind', mission.kind))} — ${mission.city}` : ''}
        </Fact>
      </dl>
      <LegalRegimeNote regime={legalRegime(worker.departureDate)} />
    </Section>
  );
}

export function EmployersAgencySection({ record }: { record: LocalCase }) {
  const { t } = useTranslation();
  const language = useUiStore((state) => state.language);
  const employers = Object.entries(record.employers).sort(([, a], [, b]) => a.order - b.order);
  const agency = record.agency;
  return (
    <Section id="case-employers" title={t('caseFile.employersAgency')}>
      {employers.length === 0 ? <p className="empty">{t('caseFile.noEmployers')}</p> : null}
      <ol className="history">
        {employers.map(([key, employer]) => (
          <li key={key}>
            <strong>
              {employer.order === 0
                ? t('intake.firstEmployer')
                : t('intake.employerN', { n: employer.order + 1 })}
            </strong>
            {': '}
            {employer.name}
            <span className="muted">
              {[
                employer.phone,
                employer.city,
                [formatDate(employer.periodFrom, language), formatDate(employer.periodTo, language)]
                  .filter(Boolean)
                  .join(' – '),
              ]
                .filter(Boolean)
                .map((part) => ` · ${part}`)
                .join('')}
            </span>
          </li>
        ))}
      </ol>
      <dl className="facts">
        <Fact label={t('intake.agencyName')}>{agency.name}</Fact>
        <Fact label={t('intake.agencyLicence')}>{agency.licenceNumber}</Fact>
        <Fact label={t('intake.agencyContact')}>
          {[agency.contactPerson, agency.phone].filter(Boolean).join(' · ')}
        </Fact>
        <Fact label={t('intake.partnerAbroad')}>{agency.partnerAbroad}</Fact>
        <Fact label={t('intake.brokerName')}>
          {[agency.brokerName, agency.brokerPhone].filter(Boolean).join(' · ')}
        </Fact>
      </dl>
    </Section>
  );
}
