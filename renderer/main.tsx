import '../shared/zod-jitless.ts'; // first: before any zod schema is built (CSP forbids eval)
import '@mantine/core/styles.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n/index.ts';
import { App } from './App.tsx';
import { useApp } from './store.ts';

initI18n(useApp.getState().locale);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
