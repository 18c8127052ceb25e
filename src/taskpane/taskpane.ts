/* Placeholder task pane: lists the bundled presets. The full pane is built in its own module. */
import { store } from '../presets/bundled';

function render(): void {
  const app = document.getElementById('app');
  if (!app) return;
  const list = document.createElement('ul');
  for (const t of store.tickers()) {
    const li = document.createElement('li');
    li.textContent = `${t}: ${store.preset(t)!.name}`;
    list.appendChild(li);
  }
  app.replaceChildren(list);
}
document.addEventListener('DOMContentLoaded', render);
