import { render } from 'preact';
import { App } from './app.js';
import { initLang } from './i18n/i18n.js';
import './styles.css';

initLang();
render(<App />, document.getElementById('app')!);
