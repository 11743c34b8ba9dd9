import { render } from 'preact';
import { App } from './app.js';
import { initLang } from './i18n/i18n.js';
import './styles.css';

// The messages of the language in use load before the first render (the other language only if chosen).
initLang().then(() => render(<App />, document.getElementById('app')!));
