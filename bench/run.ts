/**
 * `npm run bench [-- section ...]`: prints the project's speed figures. Sections run in order;
 * name some to run only those.
 */
import { benchConsole } from './console';
import { stopBenchDynamo } from './dynamo';
import { benchHandler } from './handler';
import { benchEngine } from './engine';
import { benchLambdaBundle } from './lambda-bundle';
import { benchNlu } from './nlu';
import { benchRequests } from './requests';
import { benchRuntime } from './runtime';
import { benchSdk } from './sdk';
import { benchSimulator } from './simulator';
import { benchStore } from './store';

const sections: Record<string, () => Promise<void>> = {
  engine: benchEngine,
  store: benchStore,
  nlu: benchNlu,
  handler: benchHandler,
  requests: benchRequests,
  sdk: benchSdk,
  bundle: benchLambdaBundle,
  runtime: benchRuntime,
  console: benchConsole,
  simulator: benchSimulator,
};

// The pinned AWS SDK warns that its future releases need Node 22: noise in a report.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !(w in sections));
if (unknown.length > 0) {
  console.error(
    `bench: unknown section ${unknown.join(', ')}; sections: ${Object.keys(sections).join(', ')}`,
  );
  process.exit(2);
}
console.log(`vmbot bench — node ${process.version}, ${new Date().toISOString()}`);
try {
  for (const [name, run] of Object.entries(sections)) {
    if (wanted.length === 0 || wanted.includes(name)) await run();
  }
} finally {
  await stopBenchDynamo();
}
