// The home page's chat box: a WebSocket to /chat (an external script, so the page's CSP allows it).
(() => {
  const form = document.getElementById('chat-form');
  if (!form) return;
  const log = document.getElementById('chat-log');
  const count = document.getElementById('chat-count');
  const input = document.getElementById('chat-input');
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/chat', 'chat.v1');
  ws.onopen = () => { form.dataset.ready = 'true'; };
  ws.onclose = () => { form.dataset.ready = 'closed'; };
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (m.type === 'presence') {
      count.textContent = m.count;
    } else if (m.type === 'message') {
      const li = document.createElement('li');
      li.textContent = m.name + ': ' + m.text; // text, never HTML: a message cannot inject markup
      log.appendChild(li);
    }
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (text && ws.readyState === WebSocket.OPEN) ws.send(text);
    input.value = '';
  });
})();
