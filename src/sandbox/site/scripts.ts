/**
 * Browser scripts of the demo site, served as static files. Plain ES2017, no dependencies, no
 * network beyond the sandbox itself (pages must work in headless Chromium offline).
 */

/**
 * Sets the first-party `hubspotutk` visitor cookie and sends the page-view beacon. With
 * `dropsFirstTouch` it is the broken snippet of the `tracking-drops-first-touch` stack: it never
 * reads the cookie back and mints a new visitor on every page (as a snippet that writes the cookie
 * for the wrong domain does), so a returning visitor's earlier touches are lost.
 */
export function trackJs(opts: { dropsFirstTouch?: boolean } = {}): string {
  const read = opts.dropsFirstTouch ? 'null' : `document.cookie.match(/(?:^|; )hubspotutk=([^;]+)/)`;
  return `(function () {
  var m = ${read};
  var hutk = m ? m[1] : null;
  if (!hutk) {
    hutk = '';
    for (var i = 0; i < 32; i++) hutk += Math.floor(Math.random() * 16).toString(16);
    document.cookie = 'hubspotutk=' + hutk + '; path=/; max-age=' + 60 * 60 * 24 * 180 + '; SameSite=Lax';
  }
  var q = 'hutk=' + hutk + '&url=' + encodeURIComponent(location.href) + '&referrer=' + encodeURIComponent(document.referrer);
  // Forms await this so the first page view is recorded before the submission arrives.
  window.__lpTrack = fetch('/__ptq.gif?' + q, { cache: 'no-store', keepalive: true }).catch(function () {});
})();`;
}

export const TRACK_JS = trackJs();

/**
 * Fills the hidden utm_* inputs from the URL, handles multi-step navigation, posts the form as
 * JSON to the submissions API with the visitor cookie as context.hutk, and shows the answer.
 */
export const FORM_JS = `(function () {
  var form = document.querySelector('form[data-hs-form]');
  if (!form) return;
  var params = new URLSearchParams(location.search);
  ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'].forEach(function (k) {
    var input = form.querySelector('input[type=hidden][name="' + k + '"]');
    if (input && params.get(k)) input.value = params.get(k);
  });
  var steps = form.querySelectorAll('fieldset[data-step]');
  form.querySelectorAll('button[data-next]').forEach(function (btn) {
    btn.addEventListener('click', function () {
      var current = btn.closest('fieldset');
      var inputs = current.querySelectorAll('input, select');
      for (var i = 0; i < inputs.length; i++) if (!inputs[i].reportValidity()) return;
      current.hidden = true;
      var next = form.querySelector('fieldset[data-step="' + (Number(current.dataset.step) + 1) + '"]');
      next.hidden = false;
      var first = next.querySelector('input, select');
      if (first) first.focus();
    });
  });
  function topWindow() { try { return window.top.location.href ? window.top : window; } catch (e) { return window; } }
  function cookie() { var m = document.cookie.match(/(?:^|; )hubspotutk=([^;]+)/); return m ? m[1] : undefined; }
  var status = document.getElementById('form-status');
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var button = form.querySelector('button[type=submit]:not([hidden])');
    if (button) button.disabled = true;
    var fields = [];
    form.querySelectorAll('input[name], select[name], textarea[name]').forEach(function (el) {
      var value = el.type === 'checkbox' ? String(el.checked) : el.value;
      if (value !== '') fields.push({ objectTypeId: '0-1', name: el.name, value: value });
    });
    var top = topWindow();
    var context = { pageUri: top.location.href, pageName: top.document.title };
    var hutk = cookie();
    if (hutk) context.hutk = hutk;
    Promise.resolve(top.__lpTrack).then(function () {
      return fetch(form.action, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ submittedAt: String(Date.now()), fields: fields, context: context })
      });
    }).then(function (res) {
      return res.json().then(function (body) { return { ok: res.ok, body: body }; });
    }).then(function (r) {
      if (r.ok) {
        form.hidden = true;
        status.setAttribute('role', 'status');
        status.innerHTML = r.body.inlineMessage || 'Thanks!';
        status.className = 'thanks';
      } else {
        status.setAttribute('role', 'alert');
        status.className = 'errors';
        status.textContent = (r.body.errors || [{ message: r.body.message || 'Submission failed' }]).map(function (e) { return e.message; }).join('\\n');
        if (button) button.disabled = false;
      }
    }).catch(function (err) {
      status.setAttribute('role', 'alert');
      status.className = 'errors';
      status.textContent = 'Could not send the form: ' + err;
      if (button) button.disabled = false;
    });
  });
})();`;

/** Parent page of the iframe form: hands its own query string (the UTMs) to the frame. */
export const FRAME_HOST_JS = `(function () {
  var frame = document.querySelector('iframe[data-form-frame]');
  frame.src = frame.dataset.src + location.search;
})();`;

export const SITE_CSS = `body{font-family:system-ui,sans-serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#1d2330}
label{display:block;margin:.6rem 0 .2rem;font-weight:600}
input,select{width:100%;padding:.4rem;box-sizing:border-box}
input[type=checkbox]{width:auto}
.consent label{display:inline;font-weight:400}
button{margin-top:1rem;padding:.6rem 1.2rem;background:#ff7a59;border:0;color:#fff;font-size:1rem;cursor:pointer}
fieldset{border:0;padding:0}
.errors{color:#b00020;white-space:pre-line}.thanks{color:#0a7d32}
iframe{width:100%;height:36rem;border:1px solid #ddd}
nav a{margin-right:1rem}`;
