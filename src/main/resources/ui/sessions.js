// The account's live sessions: the device (from its browser's user agent), the address, when it
// logged in and was last active, and which one is this device. Each other session can be ended
// here; ending this one logs out.

import { call } from './api.js';
import { clearErrors, showStatus } from './form.js';
import { failed, fromTemplate, logOut } from './sections.js';

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const sessionsSection = {
  id: 'sessions',
  title: 'Where you are logged in',
  render(account) {
    const part = fromTemplate('sessions-template');
    const list = part.querySelector('#session-list');
    const refresh = () => show(list, account);
    document.addEventListener('bienvenue:sessions-changed', refresh);
    refresh();
    return [part];
  },
};

async function show(list, account) {
  list.setAttribute('aria-busy', 'true');
  const result = await call('GET', '/sessions');
  list.removeAttribute('aria-busy');
  if (!result.ok) {
    failed(result, null, {}, list);
    return;
  }
  const sessions = Array.isArray(result.body.sessions) ? result.body.sessions : [];
  list.replaceChildren(...sessions.map((session) => item(session, list, account)));
}

function item(session, list, account) {
  const element = fromTemplate('session-template').firstElementChild;
  const device = deviceOf(session.user_agent);
  element.querySelector('.device-name').textContent = device;
  if (session.user_agent) {
    element.querySelector('.device-name').title = session.user_agent;
  }
  if (!session.current) {
    element.querySelector('.badge').remove();
  }
  element.querySelector('.address').textContent = session.client_ip
    ? `From ${session.client_ip}`
    : 'From an unknown address';
  stamp(element.querySelector('.created'), session.created_at);
  stamp(element.querySelector('.used'), session.last_used_at);
  const about = `session-${session.id}-about`;
  element.querySelector('.session-about').id = about;
  const button = element.querySelector('button');
  button.setAttribute('aria-describedby', about);
  button.textContent = 'End session';
  if (session.current) {
    element.classList.add('current');
    button.addEventListener('click', () => logOut(button, account.email));
  } else {
    button.addEventListener('click', () => end(session, device, element, list));
  }
  return element;
}

async function end(session, device, element, list) {
  const button = element.querySelector('button');
  button.disabled = true;
  clearErrors(list);
  const result = await call('DELETE', `/sessions/${encodeURIComponent(session.id)}`);
  button.disabled = false;
  if (result.ok || result.status === 404) {
    element.remove();
    showStatus(
      result.ok
        ? `The session on ${device} is ended: that device is logged out.`
        : `The session on ${device} had already ended.`,
      { focus: true, near: list },
    );
    return;
  }
  failed(result, null, {}, list);
}

/** Writes an ISO-8601 instant into a <time> element, in the reader's words and time zone. */
export function stamp(time, iso) {
  const date = new Date(iso);
  time.dateTime = iso;
  time.textContent = Number.isNaN(date.getTime()) ? 'at an unknown time' : WHEN.format(date);
}

/** "Chrome on Linux", from a user agent; the agent itself when it says neither, or "unknown". */
export function deviceOf(agent) {
  if (!agent) {
    return 'an unknown device';
  }
  const browser = [
    ['Edge', /Edg\//],
    ['Opera', /OPR\//],
    ['Firefox', /Firefox\//],
    ['Chrome', /Chrom(e|ium)\//],
    ['Safari', /Safari\//],
    ['curl', /^curl\//],
  ].find(([, pattern]) => pattern.test(agent));
  const system = [
    ['Android', /Android/],
    ['iOS', /iPhone|iPad/],
    ['Windows', /Windows/],
    ['macOS', /Mac OS X|Macintosh/],
    ['ChromeOS', /CrOS/],
    ['Linux', /Linux/],
  ].find(([, pattern]) => pattern.test(agent));
  if (browser && system) {
    return `${browser[0]} on ${system[0]}`;
  }
  return browser?.[0] ?? system?.[0] ?? agent;
}
