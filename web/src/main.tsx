import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Global styles first, so the feature stylesheets the components import come after them and can refine them.
import './nhsuk.scss';
import './styles.css';
import { App } from './app/app';
import { AppProvider } from './app/provider';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <AppProvider>
      <App />
    </AppProvider>
  </StrictMode>,
);
