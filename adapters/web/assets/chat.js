/* global navigator, localStorage, FormData, Element, Blob */
// The local chat page. It posts turns to /chat/turn and shows the replies. What the user types is
// only ever shown with textContent; a reply's HTML comes from the server's renderer, which escapes
// every string, and enters the page through the single Trusted Types policy below.

const log = document.getElementById('log');
const composer = document.getElementById('composer');
const message = document.getElementById('message');
const nameInput = document.getElementById('name');
const confirmDialog = document.getElementById('confirm');

const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const locale = navigator.language;
const htmlPolicy = window.trustedTypes?.createPolicy('ansvar-reply', { createHTML: (html) => html });

function setReplyHtml(element, html) {
  element.innerHTML = htmlPolicy ? htmlPolicy.createHTML(html) : html;
}

function scrollToEnd() {
  log.lastElementChild?.scrollIntoView({ block: 'end' });
}

function appendItem(kind, text) {
  const item = document.createElement('li');
  item.className = `msg ${kind}`;
  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  bubble.textContent = text;
  item.append(bubble);
  log.append(item);
  scrollToEnd();
  return item;
}

/** Each shown reply's neutral Reply (its file blocks carry the content that downloads are built from). */
const repliesByBubble = new WeakMap();

function replyItem(result) {
  const item = document.createElement('li');
  item.className = 'msg bot';
  if (result.visibility === 'private') item.classList.add('private');
  const bubble = document.createElement('div');
  bubble.className = 'bubble';
  setReplyHtml(bubble, result.html);
  if (result.reply) repliesByBubble.set(bubble, result.reply);
  item.append(bubble);
  return item;
}

// Long enough for the browser to start reading the file; the blob is freed afterwards.
const DOWNLOAD_URL_LIFETIME_MS = 60_000;

/**
 * Saves a file block as a download, built here from the reply JSON: the exact text of the block,
 * UTF-8 encoded (a BOM in it stays), with the name and type the server's renderer put on the button.
 */
function downloadFile(button) {
  const reply = repliesByBubble.get(button.closest('.bubble'));
  const block = reply?.blocks?.[Number(button.dataset.fileBlock)];
  if (!block || block.type !== 'file' || block.name !== button.dataset.fileName) {
    appendItem('notice', 'This file is no longer available; ask again to get it.');
    return;
  }
  const blob = new Blob([block.content], {
    type: button.dataset.fileType || 'application/octet-stream',
    endings: 'transparent',
  });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = button.dataset.fileName;
  link.rel = 'noopener';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), DOWNLOAD_URL_LIFETIME_MS);
}

function markFormDone(origin) {
  for (const form of origin.querySelectorAll('form[data-form-id]')) {
    form.classList.add('done');
    for (const control of form.elements) control.disabled = true;
  }
}

/** Puts a reply where it belongs: in place of the message it answers, or at the end. */
function placeReply(result, context) {
  const item = replyItem(result);
  const { origin, kind } = context;
  const replaces =
    origin && origin.isConnected && (result.replaceOriginal || (kind === 'submit' && result.hasForm));
  if (replaces) {
    origin.replaceWith(item);
  } else {
    if (origin && kind === 'submit') markFormDone(origin);
    log.append(item);
  }
  const invalid = item.querySelector('[aria-invalid="true"]');
  if (invalid) invalid.focus();
  else scrollToEnd();
}

async function send(input, context = {}) {
  if (context.echo) appendItem(context.echoKind ?? 'user', context.echo);
  const pending = appendItem('bot pending', '…');
  pending.setAttribute('aria-label', 'Waiting for the answer');
  try {
    const response = await fetch('/chat/turn', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ input, timezone, locale, name: nameInput.value.trim() || undefined }),
    });
    const result = await response.json().catch(() => null);
    pending.remove();
    if (!response.ok || !result || typeof result.html !== 'string') {
      appendItem('notice', result?.error ?? `The server answered ${response.status}.`);
      return false;
    }
    placeReply(result, context);
    return true;
  } catch {
    pending.remove();
    appendItem('notice', 'Could not reach the server.');
    return false;
  }
}

function confirmAction(data) {
  return new Promise((resolve) => {
    document.getElementById('confirm-title').textContent = data.confirmTitle ?? '';
    document.getElementById('confirm-text').textContent = data.confirmText ?? '';
    document.getElementById('confirm-yes').textContent = data.confirmYes || 'OK';
    document.getElementById('confirm-deny').textContent = data.confirmNo || 'Cancel';
    confirmDialog.returnValue = '';
    confirmDialog.addEventListener('close', () => resolve(confirmDialog.returnValue === 'confirm'), {
      once: true,
    });
    confirmDialog.showModal();
  });
}

log.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-file-block]') : null;
  if (button && log.contains(button)) downloadFile(button);
});

log.addEventListener('click', async (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
  if (!button || button.disabled || !log.contains(button)) return;
  const data = button.dataset;
  if (data.confirmTitle !== undefined && !(await confirmAction(data))) return;
  const group = button.closest('.r-buttons, .r-feedback') ?? button;
  const buttons = group.matches('button') ? [group] : [...group.querySelectorAll('button')];
  for (const b of buttons) b.disabled = true;
  const isVote = data.action === 'feedback';
  const ok = await send(
    { type: 'action', action: data.action, value: data.value ?? '' },
    {
      origin: button.closest('li.msg'),
      kind: 'action',
      ...(isVote ? {} : { echo: button.textContent, echoKind: 'user action' }),
    },
  );
  if (isVote && ok) button.classList.add('chosen');
  else for (const b of buttons) b.disabled = false;
});

log.addEventListener('submit', async (event) => {
  const form = event.target instanceof Element ? event.target.closest('form[data-form-id]') : null;
  if (!form) return;
  event.preventDefault();
  const values = {};
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') values[name] = value;
  const input = { type: 'submit', form: form.dataset.formId, values };
  if (form.dataset.formState !== undefined) input.state = form.dataset.formState;
  const submit = form.querySelector('button[type="submit"]');
  if (submit) submit.disabled = true;
  const ok = await send(input, { origin: form.closest('li.msg'), kind: 'submit' });
  if (!ok && submit) submit.disabled = false;
});

composer.addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = message.value.trim();
  if (!text) return;
  message.value = '';
  await send({ type: 'text', text }, { echo: text });
  message.focus();
});

message.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    composer.requestSubmit();
  }
});

for (const chip of document.querySelectorAll('button[data-say]')) {
  chip.addEventListener('click', () =>
    send({ type: 'text', text: chip.dataset.say }, { echo: chip.dataset.say }),
  );
}

nameInput.value = localStorage.getItem('ansvar.name') ?? '';
nameInput.addEventListener('change', () => localStorage.setItem('ansvar.name', nameInput.value.trim()));
document.getElementById('zone').textContent = `${timezone} · ${locale}`;

fetch('/chat/session', { credentials: 'same-origin' })
  .then((response) => response.json())
  .then((session) => {
    document.getElementById('identity').textContent = session.user;
  })
  .catch(() => undefined);

appendItem(
  'notice',
  'Ask who is responsible for something in the international policies (in English or Swedish), or type "visit" to log a visit, "visit list", "digest preview" or "help".',
);
document.body.dataset.ready = 'true';
message.focus();
