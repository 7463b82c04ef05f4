// First: configures zod before any module parses with it.
import './zod-without-eval.ts';
// Then the shared styles: the components' own (CSS modules) come after them and win ties.
import './global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
