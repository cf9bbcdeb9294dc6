// A person logged in on two devices sees both on the profile page (this one marked), ends the
// other one from the list, which is then logged out, and ends this one, which logs out.

import assert from 'node:assert/strict';
import { checkAccessibility, logIn, register, scenario, textIn } from './lib.mjs';

const PASSWORD = 'correct horse battery staple';
const FIREFOX_ON_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';

await scenario(
  'sessions',
  async ({ page, shot, step, another }) => {
    const email = await register(page, 'hal', PASSWORD);
    const laptop = await another({ userAgent: FIREFOX_ON_WINDOWS });

    step('logged in on two devices: both listed, this one marked');
    await logIn(laptop, email, PASSWORD);
    await logIn(page, email, PASSWORD);
    const items = page.locator('#session-list li');
    await items.nth(1).waitFor();
    assert.equal(await items.count(), 2);
    const mine = items.filter({ hasText: 'This device' });
    const other = items.filter({ hasText: 'Firefox on Windows' });
    assert.equal(await mine.count(), 1);
    assert.equal(await other.count(), 1);
    assert.match(await mine.locator('.device-name').textContent(), /^Chrome on Linux$/);
    assert.equal(await other.locator('.badge').count(), 0);
    await textIn(other, 'From 127.0.0.1');
    await textIn(other, 'Logged in');
    await textIn(other, 'Last active');
    assert.match(await other.locator('time.created').getAttribute('datetime'), /^\d{4}-\d\d-\d\dT/);
    const button = other.getByRole('button', { name: 'End session' });
    const described = await button.getAttribute('aria-describedby');
    assert.equal(await other.locator(`[id="${described}"]`).count(), 1);
    await shot('two-devices');

    step('end the other session: it leaves the list, and that device is logged out');
    await button.click();
    await textIn(page.locator('#sessions-status'), 'The session on Firefox on Windows is ended');
    await checkAccessibility(page, 'sessions-ended-other');
    assert.equal(await items.count(), 1);
    await laptop.reload();
    await laptop.waitForURL('**/ui/login');
    await textIn(laptop.locator('#status'), 'Please log in');
    await page.reload();
    await items.first().waitFor();
    assert.equal(await items.count(), 1);

    step('end this session: logged out');
    await mine.getByRole('button', { name: 'End session' }).click();
    await page.waitForURL('**/ui/login');
    await textIn(page.locator('#status'), 'You are logged out');
    assert.equal(await page.getByLabel('Email').inputValue(), email);
  },
  { expectFailedRequests: true },
);
