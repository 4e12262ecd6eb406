// Live board: when the server says the evidence changed, fetch the board's rows again and
// swap them in (no reload). The page works without this script; it is only not live.
(function () {
  if (!document.getElementById('board-rows') || !window.EventSource) return;
  const source = new EventSource('/ui/live');
  source.addEventListener('board', async function () {
    const reply = await fetch('/ui/board/rows', { credentials: 'same-origin' });
    const rows = document.getElementById('board-rows');
    if (reply.ok && rows) rows.outerHTML = await reply.text();
  });
})();
