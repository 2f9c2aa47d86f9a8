import { jsx as _jsx } from "react/jsx-runtime";
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { guessLocale, initI18n } from './i18n';
async function start() {
    await initI18n(guessLocale(navigator.languages ?? [navigator.language]));
    const root = document.getElementById('root');
    if (!root)
        return;
    createRoot(root).render(_jsx(StrictMode, { children: _jsx(App, {}) }));
}
void start();
