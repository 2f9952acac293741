// A certificate's status, on today's date (the kiosk runs for days), and the box that states it.
import {el, qrBlock, qrDrawing} from './draw.js';
import {state} from './state.js';
import {ui} from './words.js';

const STATUS_WHEN = {valid: 'valid_until', expired: 'expired_on', revoked: 'revoked_on', 'not-yet': 'valid_until'};

const today = () => {
  const now = new Date();
  const two = (n) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
};
// The rule comes with the data (STATUS_RULES of builder/status.py, the one the build applies): not restated here.
const HOLDS = {'on or after': (a, b) => a >= b, before: (a, b) => a < b, after: (a, b) => a > b};
const statusOf = (cert) => {
  const day = today();
  const {rules, otherwise} = state.data.status_rules;
  const rule = rules.find((r) => cert[r.date] && HOLDS[r.holds](day, cert[r.date]));
  return rule ? rule.status : otherwise;
};

export const statusBox = (cert) => {
  const status = statusOf(cert);
  const box = el('div', `ocop-status ocop-status--${status}`);
  box.setAttribute('role', 'status');
  box.dataset.status = status;
  const title = el('p', 'ocop-status__title');
  title.append(el('span', 'ocop-status__icon'), el('strong', '', ui(`status.${status}`)));
  title.firstChild.setAttribute('aria-hidden', 'true');
  const date = status === 'revoked' ? cert.dates.revoked : cert.dates.expires;
  box.append(title, el('p', 'ocop-status__when', ui(STATUS_WHEN[status], {date})));
  if (status === 'revoked' && cert.reason) box.append(el('p', 'ocop-status__reason', `${ui('revocation_reason')}: ${cert.reason}`));
  const facts = el('p', 'k-cert__facts', `${ui('certificate_number')} ${cert.number} · ${ui('issuer')}: ${cert.issuer}`);
  box.append(facts);
  if (cert.source) box.append(qrBlock(qrDrawing(cert.source, ui('certificate_source')), ui('certificate_source')));
  return box;
};
