// What every page does the same way: its status and error regions, and its form. A form's
// submission checks the required fields, sends, and keeps the button busy meanwhile; an error is
// written in the error region (role="alert", announced at once), the field it concerns is marked
// invalid and described by it, and the focus moves to the error so keyboard and screen-reader
// users land on it. A page has one status and one error region (#status, #error); a part of a page
// with regions of its own (a profile section) marks itself with data-alerts, and whatever happens
// inside it is written there instead.

import { describe } from './messages.js';
import { take } from './flash.js';

/** The status and error regions that serve `element`: its part's, else the page's. */
function regions(element) {
  const part = element?.closest?.('[data-alerts]');
  return {
    status: part?.querySelector('.alert.ok') ?? document.getElementById('status'),
    error: part?.querySelector('.alert.error') ?? document.getElementById('error'),
  };
}

/** Shows `text` as good news in the polite status region near `near` (or the page's). */
export function showStatus(text, { focus = false, near = null } = {}) {
  const { status, error } = regions(near);
  error.textContent = '';
  status.textContent = text;
  if (focus) {
    status.focus();
  }
}

/**
 * Shows `text` in the error region near `form` (or `near`, or the page's), marks `field` of `form`
 * invalid, and focuses the error.
 */
export function showError(text, { form = null, field = '', near = null } = {}) {
  const { status, error } = regions(form ?? near);
  clearErrors(form ?? near);
  status.textContent = '';
  error.textContent = text;
  const input = form && field ? fieldOf(form, field) : null;
  if (input) {
    input.setAttribute('aria-invalid', 'true');
    const hints = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
    input.setAttribute('aria-describedby', [...new Set([...hints, error.id])].join(' '));
  }
  error.focus();
}

/** Shows a failed API call (see messages.describe) against `form`, or near `near`. */
export function showFailure(result, form, context = {}, near = null) {
  const { text, field } = describe(result, context);
  showError(text, { form, field, near });
}

/** Empties the error region near `element` and unmarks every field of it (a form). */
export function clearErrors(element) {
  const { error } = regions(element);
  error.textContent = '';
  if (!element || element.tagName !== 'FORM') {
    return;
  }
  for (const input of element.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
    const hints = (input.getAttribute('aria-describedby') ?? '').split(' ');
    const kept = hints.filter((id) => id && id !== error.id);
    if (kept.length > 0) {
      input.setAttribute('aria-describedby', kept.join(' '));
    } else {
      input.removeAttribute('aria-describedby');
    }
  }
}

/**
 * Shows the message the previous page left, fills in the email it left, and returns the flash
 * ({ message, email }) or null.
 */
export function showFlash(form) {
  const flash = take();
  if (flash) {
    showStatus(flash.message);
    const email = form?.elements.namedItem('email');
    if (email && flash.email) {
      email.value = flash.email;
    }
  }
  return flash;
}

/**
 * Wires `form`: on submit, checks that every required field in view is filled in, then calls
 * `send(values)` with the named fields in view (an object of strings), the submit button disabled
 * until it settles. `send` shows its own outcome.
 */
export function onSubmit(form, send) {
  revealToggles(form);
  const button = form.querySelector('button[type="submit"]');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (button.disabled) {
      return;
    }
    clearErrors(form);
    const empty = inView(form).find((input) => input.required && !filledIn(input));
    if (empty) {
      const name = empty.name || empty.id;
      if (empty.type === 'checkbox') {
        const text = empty.dataset.missing ?? 'Please tick the box to confirm.';
        showError(text, { form, field: name });
        return;
      }
      showFailure({ status: 400, body: { message: `${name} is required` } }, form);
      return;
    }
    const values = {};
    for (const input of inView(form)) {
      if (input.name && input.type !== 'checkbox') {
        values[input.name] = input.value;
      }
    }
    button.disabled = true;
    form.setAttribute('aria-busy', 'true');
    try {
      await send(values);
    } finally {
      button.disabled = false;
      form.removeAttribute('aria-busy');
    }
  });
}

/** Whether `input` is filled in: ticked, for a check box. */
function filledIn(input) {
  return input.type === 'checkbox' ? input.checked : input.value.trim() !== '';
}

/** The inputs of `form` that are not inside a hidden part of it. */
function inView(form) {
  return [...form.querySelectorAll('input')].filter((input) => !input.closest('[hidden]'));
}

/** The input named `field`, or else `new_<field>` (a policy refusal on the reset page). */
function fieldOf(form, field) {
  return form.elements.namedItem(field) ?? form.elements.namedItem(`new_${field}`);
}

/** "Show password" check boxes: each shows or hides the password fields it names. */
function revealToggles(form) {
  for (const toggle of form.querySelectorAll('input[data-reveal]')) {
    const targets = toggle.dataset.reveal.split(' ').map((id) => document.getElementById(id));
    toggle.addEventListener('change', () => {
      for (const target of targets) {
        target.type = toggle.checked ? 'text' : 'password';
      }
    });
  }
}
