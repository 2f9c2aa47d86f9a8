import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { guessLocale, initI18n } from './i18n';

async function start(): Promise<void> {
  await initI18n(guessLocale(navigator.languages ?? [navigator.language]));
  const root = document.getElementById('root');
  if (!root) return;
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void start();
