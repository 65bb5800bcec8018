import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi, type TrailviewApi } from './api';
import { App } from './components/App';
import { TerminalEngine } from './player/engines/terminal';
import { terminalChunks } from './player/chunk-cache';
import { XtermSink } from './player/engines/xterm-sink';
import './styles/theme.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/player.css';
import './styles/panels.css';
import './styles/info.css';
import './styles/overlays.css';

function createEngine(api: TrailviewApi): TerminalEngine {
  return new TerminalEngine({
    fetchChunk: terminalChunks((req) => api.call('chunk', req)),
    createSink: (el) => new XtermSink(el),
  });
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App api={createApi()} createEngine={createEngine} />
    </StrictMode>,
  );
}
