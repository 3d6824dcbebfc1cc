import { render } from 'preact';
render(<h1>Popup</h1>, document.getElementById('app')!);
