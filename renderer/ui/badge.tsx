import { useTranslation } from 'react-i18next';
import type { CaseStatus, Urgency } from '../../shared/domain/enums';
import { enumKey } from '../i18n';

export function UrgencyBadge({ urgency }: { urgency: Urgency }) {
  const { t } = useTranslation();
  return <span className={`badge badge--urgency-${urgency}`}>{t(enumKey('urgency', urgency))}</span>;
}

export function StatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge--status badge--status-${status}`}>{t(enumKey('caseStatus', status))}</span>
  );
}
