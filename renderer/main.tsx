import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApi, type TrailviewApi } from './api';
import { App } from './components/App';
import type { RecordingKind } from '../shared/model';
import type { PlayerEngine } from './player/engine';
import { TerminalEngine } from './player/engines/terminal';
import { terminalChunks } from './player/chunk-cache';
import { XtermSink } from './player/engines/xterm-sink';
import { GuacamoleEngine } from './player/engines/guacamole';
import { displayChunks } from './player/engines/guacamole-chunks';
import { createGuacScreen } from './player/engines/guac-feed';
import { VideoEngine } from './player/engines/video';
import './styles/theme.css';
import './styles/base.css';
import './styles/layout.css';
import './styles/player.css';
import './styles/panels.css';
import './styles/info.css';
import './styles/overlays.css';
import './styles/guacamole.css';
import './styles/desktop.css';
import './styles/video.css';

function createEngine(api: TrailviewApi, kind: RecordingKind): PlayerEngine {
  if (kind === 'video') return new VideoEngine({ fetchMedia: (id) => api.call('media', { id }) });
  if (kind === 'display') {
    return new GuacamoleEngine({ fetchChunk: displayChunks((req) => api.call('chunk', req)), createScreen: createGuacScreen });
  }
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
