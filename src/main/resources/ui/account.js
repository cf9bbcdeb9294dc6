// The profile's first section: who is logged in, and the button that logs out.

import { fromTemplate, logOut } from './sections.js';

export const accountSection = {
  id: 'account',
  title: 'Profile',
  render(account) {
    const part = fromTemplate('account-template');
    part.querySelector('#account-email').textContent = account.email;
    const logout = part.querySelector('#logout');
    logout.addEventListener('click', () => logOut(logout, account.email));
    return [part];
  },
};
