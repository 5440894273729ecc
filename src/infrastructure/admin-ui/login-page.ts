/** The admin login and logout pages: plain HTML, one inline script each (CSP allows inline). */
const layout = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title} · Odoo Integration Hub</title>
<style>
body{font-family:system-ui,sans-serif;background:#f4f5f7;display:flex;min-height:100vh;align-items:center;justify-content:center;margin:0}
main{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002;width:min(22rem,90vw)}
h1{font-size:1.2rem;margin:0 0 1rem}label{display:block;margin:.6rem 0 .2rem;font-size:.9rem}
input{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #bbb;border-radius:4px}
button{margin-top:1rem;width:100%;padding:.6rem;border:0;border-radius:4px;background:#714b67;color:#fff;font-size:1rem;cursor:pointer}
#msg{color:#b00020;min-height:1.2em;font-size:.9rem;margin-top:.8rem}
</style></head><body><main>${body}</main></body></html>`;

export const LOGIN_PAGE = layout('Admin login', `<h1>Odoo Integration Hub · admin</h1>
<form id="f"><label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Log in</button><div id="msg" role="alert"></div></form>
<script>
const next = new URLSearchParams(location.search).get('next');
const target = next && /^\\/(?![\\/\\\\])/.test(next) ? next : '/admin/queues';
document.getElementById('f').addEventListener('submit', async (e) => {
  e.preventDefault();
  const msg = document.getElementById('msg'); msg.textContent = '';
  const res = await fetch('/api/auth/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: 'same-origin',
    body: JSON.stringify({ email: e.target.email.value, password: e.target.password.value }) });
  if (res.ok) { location.assign(target); return; }
  const body = await res.json().catch(() => ({}));
  msg.textContent = body.message || ('Login failed (' + res.status + ')');
});
</script>`);

export const LOGOUT_PAGE = layout('Logged out', `<h1>Logging out…</h1><p id="msg"></p>
<script>
fetch('/api/auth/session', { method: 'DELETE', credentials: 'same-origin' })
  .then(() => location.replace('/admin/login'))
  .catch(() => { document.getElementById('msg').textContent = 'Could not reach the hub.'; });
</script>`);
