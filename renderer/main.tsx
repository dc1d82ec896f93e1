import '@mantine/core/styles.css';
import './styles.css';
import { StrictMode } from 'react';
import { z } from 'zod';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n/index.ts';
import { App } from './App.tsx';
import { useApp } from './store.ts';

// The CSP forbids eval: keep zod from probing `new Function` for its JIT.
z.config({ jitless: true });
initI18n(useApp.getState().locale);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
