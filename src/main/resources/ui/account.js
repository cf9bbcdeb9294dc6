// The profile's first section: who is logged in, and the button that logs out.

import { call } from './api.js';
import { showFailure } from './form.js';
import { leave } from './flash.js';

export const accountSection = {
  id: 'account',
  title: 'Profile',
  render(account) {
    const facts = document.createElement('dl');
    facts.className = 'facts';
    const term = document.createElement('dt');
    term.textContent = 'Email';
    const value = document.createElement('dd');
    value.id = 'account-email';
    value.textContent = account.email;
    facts.append(term, value);

    const logout = document.createElement('button');
    logout.type = 'button';
    logout.className = 'secondary';
    logout.id = 'logout';
    logout.textContent = 'Log out';
    logout.addEventListener('click', async () => {
      logout.disabled = true;
      const result = await call('DELETE', '/sessions');
      logout.disabled = false;
      if (result.ok || result.status === 403) {
        leave(
          result.ok ? 'You are logged out.' : 'Your session had already ended.',
          account.email,
        );
        window.location.assign('/ui/login');
        return;
      }
      showFailure(result, null);
    });
    return [facts, logout];
  },
};
