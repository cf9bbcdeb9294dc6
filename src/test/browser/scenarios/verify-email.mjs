// The page the verification mail links to, as far as development mode reaches it (it sends no
// mail, so no link there is valid): a link that no longer works is explained, its token taken out
// of the address bar, and the page offers to mail a new link, answering alike for any address.

import assert from 'node:assert/strict';
import { newEmail, scenario, textIn } from './lib.mjs';

await scenario(
  'verify-email',
  async ({ page, shot, step }) => {
    const email = newEmail('erin');

    step('a link whose token is not valid');
    await page.goto(`/ui/verify#email=${encodeURIComponent(email)}&token=${'A'.repeat(43)}`);
    await textIn(page.locator('#error'), 'This confirmation link is invalid or has expired');
    assert.ok(!page.url().includes('#'), `the fragment is gone from ${page.url()}`);
    assert.ok(!page.url().includes('token'), `no token in ${page.url()}`);
    assert.equal(await page.getByLabel('Email').inputValue(), email);

    step('ask for a new link');
    await page.getByRole('button', { name: 'Send a new link' }).click();
    await textIn(page.locator('#status'), 'a message with a new link is on its way');
    await shot('resend');

    step('the page without a link asks for the email');
    await page.goto('/ui/verify');
    assert.equal(await page.locator('#resend-form').isVisible(), true);
    await page.getByRole('button', { name: 'Send a new link' }).click();
    await textIn(page.locator('#error'), 'Please enter your email address.');
  },
  { expectFailedRequests: true },
);
