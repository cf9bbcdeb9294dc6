// The page the verification mail links to, as far as development mode reaches it (it sends no
// mail, so no link there is valid): opening a link confirms nothing, the page says whose address it
// would confirm and waits for a press of its button (a mail scanner that runs scripts verifies no
// one); the press sends the one POST /verify_email, and a link that no longer works is explained,
// its token taken out of the address bar, and the page offers to mail a new link, answering alike
// for any address.

import assert from 'node:assert/strict';
import { checkAccessibility, newEmail, scenario, textIn } from './lib.mjs';

await scenario(
  'verify-email',
  async ({ page, shot, step }) => {
    const email = newEmail('erin');
    const verifications = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/verify_email') {
        verifications.push(request.method());
      }
    });

    step('opening a link confirms nothing and says whose address it confirms');
    await page.goto(`/ui/verify#email=${encodeURIComponent(email)}&token=${'A'.repeat(43)}`);
    const confirm = page.getByRole('button', { name: 'Confirm this address' });
    await confirm.waitFor();
    await textIn(page.locator('#verify-lead'), `Confirm that ${email} is your email address.`);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(verifications, [], 'no request to /verify_email before the button is pressed');
    assert.ok(!page.url().includes('#'), `the fragment is gone from ${page.url()}`);
    assert.ok(!page.url().includes('token'), `no token in ${page.url()}`);
    await shot('confirm');

    step('the button sends the link, which is not valid');
    await confirm.click();
    await textIn(page.locator('#error'), 'This confirmation link is invalid or has expired');
    assert.deepEqual(verifications, ['POST'], 'one POST /verify_email, on the press');
    assert.equal(await confirm.isVisible(), false);
    assert.equal(await page.getByLabel('Email').inputValue(), email);
    await checkAccessibility(page, 'verify-invalid-link');

    step('ask for a new link');
    await page.getByRole('button', { name: 'Send a new link' }).click();
    await textIn(page.locator('#status'), 'a message with a new link is on its way');
    await shot('resend');

    step('the page without a link asks for the email');
    await page.goto('/ui/verify');
    assert.equal(await page.locator('#resend-form').isVisible(), true);
    assert.equal(await confirm.isVisible(), false);
    await page.getByRole('button', { name: 'Send a new link' }).click();
    await textIn(page.locator('#error'), 'Please enter your email address.');
    await checkAccessibility(page, 'verify-without-link');
  },
  { expectFailedRequests: true },
);
