/** Entry of out/main/web.js (`npm run web`). */
import { toApiError } from '../../shared/errors';
import { runWeb } from './run';

runWeb(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`trailview: ${toApiError(err).message}\n`);
    process.exit(1);
  },
);
