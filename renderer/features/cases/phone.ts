// The phone rule lives in shared/ (the search keys and the server read numbers the same way);
// the console's forms import it from here.
export { normalizePhoneText, toE164 } from '../../../shared/domain/phone-number';
