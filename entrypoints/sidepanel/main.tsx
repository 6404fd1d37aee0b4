import '@/lib/model/zod';
import { render } from 'preact';

render(<main>Prospect Lens</main>, document.getElementById('app')!);
